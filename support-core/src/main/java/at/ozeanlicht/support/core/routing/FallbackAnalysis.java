package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Sentiment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What routing guesses without an analyzer: the language from common words, the tone from the
 * guard's and a few positive keywords. Deliberately simple; an analyzer replaces it.
 */
final class FallbackAnalysis {
  private static final Set<String> GERMAN = Set.of("und", "ich", "nicht", "der", "die", "das",
      "ist", "mit", "mein", "meine", "meinen", "habe", "hab", "bitte", "danke", "hallo", "wie",
      "kann", "ein", "eine", "einen", "auf", "fuer", "zu", "es", "sie", "wir", "auch", "noch",
      "schon", "aber", "wenn", "wo", "was", "warum", "geht", "liebe", "lieber", "gruesse",
      "vielen", "dank", "mir", "mich", "bei", "den", "dem", "von", "oder", "wird", "keine",
      "kein", "sind", "haben", "hat", "gibt", "ihr", "euch", "euer", "funktioniert", "leider",
      "sehr", "gerne", "moechte", "wuerde", "koennt", "koennen", "sich", "nach", "um", "im");
  private static final Set<String> ENGLISH = Set.of("the", "and", "i", "is", "my", "not", "can",
      "you", "with", "for", "to", "have", "please", "thanks", "thank", "hello", "hi", "how",
      "a", "an", "on", "it", "we", "but", "this", "that", "what", "why", "where", "when", "do",
      "does", "dont", "cant", "cannot", "of", "in", "was", "are", "am", "me", "your", "would",
      "could", "there", "any", "get", "working", "work", "dear", "regards", "best", "be", "been",
      "has", "just", "still", "again", "will", "from", "if", "or");
  private static final List<String> POSITIVE = List.of("danke", "vielen dank", "super", "toll",
      "wunderbar", "wundervoll", "grossartig", "begeistert", "liebe es", "herzlichen dank",
      "freue mich", "dankbar", "schoen", "thank you", "thanks", "great", "amazing", "wonderful",
      "love", "awesome", "grateful", "beautiful", "excellent", "perfekt", "perfect");

  static final List<String> POSITIVE_KEYWORDS = POSITIVE;

  /** Per common word: 1 German, 2 English, 3 both (one lookup per word). */
  private static final Map<String, Integer> COMMON = new HashMap<>();

  static {
    GERMAN.forEach(w -> COMMON.merge(w, 1, (a, b) -> a | b));
    ENGLISH.forEach(w -> COMMON.merge(w, 2, (a, b) -> a | b));
  }

  private FallbackAnalysis() {}

  /** de or en by common words; null when there is no signal at all. */
  static @Nullable String language(List<String> words, @Nullable String hint) {
    int de = 0;
    int en = 0;
    for (String w : words) {
      int bits = common(w);
      de += bits & 1;
      en += bits >> 1;
    }
    return language(de, en, words.size(), hint);
  }

  /** Whether {@code word} is a common German (bit 1) or English (bit 2) word, or both, or neither. */
  static int common(String word) {
    Integer bits = COMMON.get(word);
    return bits == null ? 0 : bits;
  }

  /**
   * {@link #language(List, String)} from its counts: common German and English words among
   * {@code words} words.
   */
  static @Nullable String language(int de, int en, int words, @Nullable String hint) {
    if (de == en) {
      return hint;
    }
    if (hint != null && Math.abs(de - en) < 2 && words <= 3) {
      return hint;
    }
    return de > en ? "de" : "en";
  }

  static Sentiment sentiment(boolean negative, boolean positive) {
    if (negative) {
      return Sentiment.NEGATIVE;
    }
    return positive ? Sentiment.POSITIVE : Sentiment.NEUTRAL;
  }
}
