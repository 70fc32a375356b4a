package at.ozeanlicht.support.ai;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Normalization and tokenization shared by all analyzers. Stateless. */
final class Text {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private Text() {}

  /** Case-folds, spells umlauts as ae/oe/ue and ß as ss, drops other accents and apostrophes. */
  static String fold(String s) {
    String quick = foldQuick(s);
    return quick != null ? quick : foldSlow(s);
  }

  /**
   * {@link #fold} for the common case, without {@code toLowerCase}, a second builder or Unicode
   * normalization: words of ASCII letters, digits, umlauts, ß and apostrophes, whose folding is
   * plain ASCII. Null for anything else. Returns {@code s} itself when nothing changes.
   */
  private static @Nullable String foldQuick(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80 || c == '\'' || c >= 'A' && c <= 'Z') {
        break;
      }
      i++;
    }
    if (i == n) {
      return s; // already folded: lower-case ASCII without apostrophes
    }
    StringBuilder b = new StringBuilder(n + 4).append(s, 0, i);
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 'A' && c <= 'Z') {
          b.append((char) (c + ('a' - 'A')));
        } else if (c != '\'') {
          b.append(c);
        }
        continue;
      }
      switch (c) {
        case 'ä', 'Ä' -> b.append("ae");
        case 'ö', 'Ö' -> b.append("oe");
        case 'ü', 'Ü' -> b.append("ue");
        case 'ß' -> b.append("ss");
        case '’' -> { }
        default -> {
          return null;
        }
      }
    }
    return b.toString();
  }

  private static String foldSlow(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    StringBuilder b = new StringBuilder(lower.length() + 4);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      switch (c) {
        case 'ä' -> b.append("ae");
        case 'ö' -> b.append("oe");
        case 'ü' -> b.append("ue");
        case 'ß' -> b.append("ss");
        case '\'', '’' -> { }
        default -> b.append(c);
      }
    }
    String folded = b.toString();
    for (int i = 0; i < folded.length(); i++) {
      if (folded.charAt(i) > 0x7f) {
        return MARKS.matcher(Normalizer.normalize(folded, Normalizer.Form.NFD)).replaceAll("");
      }
    }
    return folded;
  }

  /**
   * Words of {@code raw} in order, with the clause each belongs to. A word is a maximal run of
   * letters ({@code \p{L}}), numbers ({@code \p{N}}) and apostrophes, by code point, as the
   * regular expression {@code [\p{L}\p{N}'’]+}; a clause ends at any of {@code .,;:!?()} or a
   * line break.
   */
  static List<Token> tokens(String raw) {
    List<Token> out = new ArrayList<>();
    int clause = 0;
    boolean broken = false;
    int n = raw.length();
    int i = 0;
    while (i < n) {
      int cp = raw.codePointAt(i);
      if (!wordChar(cp)) {
        broken |= clauseBreak(cp);
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      do {
        i += Character.charCount(cp);
      } while (i < n && wordChar(cp = raw.codePointAt(i)));
      if (broken) {
        clause++;
        broken = false;
      }
      String word = raw.substring(start, i);
      String norm = fold(word);
      if (!norm.isEmpty()) {
        out.add(new Token(word, norm, clause));
      }
    }
    return out;
  }

  private static boolean wordChar(int cp) {
    if (cp < 0x80) {
      return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9'
          || cp == '\'';
    }
    if (cp == '’') {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.UPPERCASE_LETTER || type == Character.LOWERCASE_LETTER
        || type == Character.TITLECASE_LETTER || type == Character.MODIFIER_LETTER
        || type == Character.OTHER_LETTER || type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
  }

  private static boolean clauseBreak(int cp) {
    return switch (cp) {
      case '.', ',', ';', ':', '!', '?', '(', ')', '\n' -> true;
      default -> false;
    };
  }

  /** Squashes runs of three or more equal letters to {@code keep} letters ("soooo" to "so"). */
  static String squash(String norm, int keep) {
    StringBuilder b = new StringBuilder(norm.length());
    int run = 0;
    char prev = 0;
    for (int i = 0; i < norm.length(); i++) {
      char c = norm.charAt(i);
      run = c == prev ? run + 1 : 1;
      prev = c;
      if (run <= keep) {
        b.append(c);
      }
    }
    return b.toString();
  }

  static boolean hasRun(String norm) {
    for (int i = 2; i < norm.length(); i++) {
      if (norm.charAt(i) == norm.charAt(i - 1) && norm.charAt(i) == norm.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** Non-blank, non-comment lines of a bundled UTF-8 resource next to this class. */
  static List<String> resourceLines(String name) {
    try (InputStream in = Text.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled resource " + name);
      }
      return lines(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading bundled resource " + name, e);
    }
  }

  static List<String> lines(InputStream in) throws IOException {
    List<String> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(line);
      }
    }
    return out;
  }

  /** One word: as written (for caps) and folded (for look-ups). */
  record Token(String raw, String norm, int clause) {
    boolean caps() {
      int letters = 0;
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (Character.isLetter(c)) {
          if (!Character.isUpperCase(c)) {
            return false;
          }
          letters++;
        }
      }
      return letters >= 2;
    }
  }
}
