package at.ozeanlicht.support.core.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.German2Stemmer;

/**
 * Text as the keyword automaton sees it. Case-folded, umlauts and ß written out (ä = ae, ß = ss),
 * other accents dropped, apostrophes removed ({@code can't} = {@code cant}), split into words of
 * letters and digits. {@link #scanText} joins three views of the same words, each word framed by
 * spaces so that patterns respect word boundaries: the folded words, their German (Snowball
 * German2, which also reads ae/oe/ue as umlauts) stems and their English (Snowball Porter2) stems.
 * Thread-safe: stemmers are not, so each thread has its own, with a small stem cache.
 */
final class TextNormalizer {
  /** Separates the three views so that no phrase pattern spans two of them. */
  static final char SECTION = '|';

  private static final int CACHE_LIMIT = 20_000;
  private static final ThreadLocal<Stemmers> STEMMERS = ThreadLocal.withInitial(Stemmers::new);

  private TextNormalizer() {}

  /** Lower case, umlauts and ß written out, accents dropped, apostrophes removed. */
  static String fold(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    boolean ascii = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case 'ä', 'Ä' -> sb.append("ae");
        case 'ö', 'Ö' -> sb.append("oe");
        case 'ü', 'Ü' -> sb.append("ue");
        case 'ß', 'ẞ' -> sb.append("ss");
        case '\'', '’', '`', '´' -> { }
        default -> {
          if (c > 127) {
            ascii = false;
          }
          sb.append(Character.toLowerCase(c));
        }
      }
    }
    String s = sb.toString();
    if (!ascii) {
      s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
          .toLowerCase(Locale.ROOT);
    }
    return s;
  }

  /** The folded words of {@code text}, in order. */
  static List<String> words(String text) {
    String f = fold(text);
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= f.length(); i++) {
      boolean letter = i < f.length() && Character.isLetterOrDigit(f.charAt(i));
      if (letter && start < 0) {
        start = i;
      } else if (!letter && start >= 0) {
        words.add(f.substring(start, i));
        start = -1;
      }
    }
    return words;
  }

  /** German stem of a folded word. */
  static String germanStem(String word) {
    return STEMMERS.get().stems(word)[0];
  }

  /** English stem of a folded word. */
  static String englishStem(String word) {
    return STEMMERS.get().stems(word)[1];
  }

  /**
   * {@code " w1 w2 | g1 g2 | e1 e2 "}: folded words, German stems, English stems. The reference
   * for {@link #scanText(List, int)}, which gives the same matches with less text.
   */
  static String fullScanText(List<String> words) {
    Stemmers s = STEMMERS.get();
    StringBuilder sb = new StringBuilder(words.size() * 24 + 8);
    sb.append(' ');
    for (String w : words) {
      sb.append(w).append(' ');
    }
    sb.append(SECTION).append(' ');
    for (String w : words) {
      sb.append(s.stems(w)[0]).append(' ');
    }
    sb.append(SECTION).append(' ');
    for (String w : words) {
      sb.append(s.stems(w)[1]).append(' ');
    }
    return sb.toString();
  }

  /**
   * The folded words, then of each stem view only the stretches that can hold a match the folded
   * words do not. A match in a stem view that touches no changed word (stem differs from the word)
   * lies among unchanged words, where the folded view has the same text and the same match. A
   * match that touches a changed word is either one word long (lies within that word, framed by
   * spaces as in the full view) or a phrase of whole words of at most {@code reach + 1} words, one
   * of which is that stem, so it lies within {@code reach} words of it. So of each stem view the
   * text keeps each changed word, and the {@code reach} words either side of it when its stem is a
   * {@code phraseWords} member. Stretches are separated like views, by {@link #SECTION}. With
   * {@code reach} at least the longest phrase's word count minus one and {@code phraseWords} all
   * words of multi-word patterns, an automaton finds the same keywords in this text as in {@link
   * #fullScanText}.
   */
  static String scanText(List<String> words, int reach, Set<String> phraseWords) {
    Stemmers s = STEMMERS.get();
    int n = words.size();
    String[][] stems = new String[n][];
    StringBuilder sb = new StringBuilder(n * 16 + 8);
    sb.append(' ');
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      stems[i] = s.stems(w);
      sb.append(w).append(' ');
    }
    appendChanged(sb, words, stems, 0, reach, phraseWords);
    appendChanged(sb, words, stems, 1, reach, phraseWords);
    return sb.toString();
  }

  private static void appendChanged(
      StringBuilder sb, List<String> words, String[][] stems, int view, int reach, Set<String> phraseWords) {
    int n = words.size();
    int end = 0; // exclusive end of the stretch being written; 0 when none is open
    boolean open = false;
    for (int i = 0; i < n; i++) {
      String stem = stems[i][view];
      if (stem.equals(words.get(i))) {
        continue;
      }
      int r = phraseWords.contains(stem) ? reach : 0;
      int from = Math.max(0, i - r);
      int to = Math.min(n, i + r + 1);
      if (open && from <= end) {
        from = end;
      } else {
        sb.append(SECTION).append(' ');
        open = true;
      }
      for (int j = from; j < to; j++) {
        sb.append(stems[j][view]).append(' ');
      }
      end = Math.max(end, to);
    }
  }

  private static final class Stemmers {
    final SnowballStemmer german = new German2Stemmer();
    final SnowballStemmer english = new EnglishStemmer();
    final Map<String, String[]> cache = new HashMap<>();

    String[] stems(String word) {
      String[] known = cache.get(word);
      if (known != null) {
        return known;
      }
      String[] stems = {stem(german, word), stem(english, word)};
      if (cache.size() >= CACHE_LIMIT) {
        cache.clear();
      }
      cache.put(word, stems);
      return stems;
    }

    private static String stem(SnowballStemmer stemmer, String word) {
      if (word.length() < 3 || !Character.isLetter(word.charAt(0))) {
        return word;
      }
      stemmer.setCurrent(word);
      stemmer.stem();
      String s = stemmer.getCurrent();
      return s.isEmpty() ? word : s;
    }
  }
}
