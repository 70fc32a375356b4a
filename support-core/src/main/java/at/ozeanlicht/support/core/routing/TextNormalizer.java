package at.ozeanlicht.support.core.routing;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.German2Stemmer;

/**
 * Text as the keyword automaton sees it. Case-folded, umlauts and ß written out (ä = ae, ß = ss),
 * other accents dropped, apostrophes removed ({@code can't} = {@code cant}), split into words of
 * letters and digits. {@link #fullScanText} joins three views of the same words, each word framed by
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
    List<String> words = new ArrayList<>();
    words(text, new WordSink() {
      @Override
      void word(int length, int hash) {
        words.add(new String(chars, 0, length));
      }

      @Override
      void restart() {
        words.clear();
      }
    });
    return words;
  }

  /**
   * Receives the folded words of a text one by one, as the first {@code length} characters of
   * {@link #chars} (a buffer it owns and that is reused for every word), with their hash code
   * ({@link String#hashCode} of the word): so a caller that already knows a word needs no String.
   */
  abstract static class WordSink {
    char[] chars = new char[32];

    /** Takes the word now in {@code chars[0, length)}. */
    abstract void word(int length, int hash);

    /** Forgets the words taken so far: the text needs the full fold, which starts over. */
    abstract void restart();

    private int put(int length, char c) {
      if (length == chars.length) {
        chars = java.util.Arrays.copyOf(chars, length * 2);
      }
      chars[length] = c;
      return length + 1;
    }

    private void accept(String word) {
      int length = 0;
      for (int i = 0; i < word.length(); i++) {
        length = put(length, word.charAt(i));
      }
      word(length, word.hashCode());
    }
  }

  /**
   * Feeds the words of {@link #words} to {@code sink}, in order: in one pass and without a String
   * per word for text of ASCII, umlauts and ß only (the usual chat message), else by folding and
   * then splitting.
   */
  static void words(String text, WordSink sink) {
    int length = 0;
    int hash = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        length = sink.put(length, c);
        hash = 31 * hash + c;
      } else if (c >= 'A' && c <= 'Z') {
        char l = (char) (c + ('a' - 'A'));
        length = sink.put(length, l);
        hash = 31 * hash + l;
      } else if (c < 128) {
        if (c == '\'' || c == '`') {
          continue; // apostrophes vanish: can't = cant
        }
        if (length > 0) {
          sink.word(length, hash);
          length = 0;
          hash = 0;
        }
      } else {
        String out = switch (c) {
          case 'ä', 'Ä' -> "ae";
          case 'ö', 'Ö' -> "oe";
          case 'ü', 'Ü' -> "ue";
          case 'ß', 'ẞ' -> "ss";
          case '’', '´' -> ""; // apostrophes
          default -> null;
        };
        if (out == null) {
          sink.restart();
          for (String w : split(fold(text))) {
            sink.accept(w);
          }
          return;
        }
        for (int k = 0; k < out.length(); k++) {
          length = sink.put(length, out.charAt(k));
          hash = 31 * hash + out.charAt(k);
        }
      }
    }
    if (length > 0) {
      sink.word(length, hash);
    }
  }

  /** Splits folded text into words of letters and digits (the reference for the one-pass path). */
  static List<String> split(String f) {
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
   * for {@code KeywordMatcher#match}, which finds the same matches word by word.
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
