package at.ozeanlicht.support.channels.telegram;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into parts of at most {@code max} characters, preferring paragraph boundaries,
 * then line breaks, then spaces, and never splitting a surrogate pair. Joining the parts with
 * the separators that were cut gives back the text.
 */
final class TextSplitter {
  private TextSplitter() {}

  static List<String> split(String text, int max) {
    if (max < 2) {
      throw new IllegalArgumentException("max: must be at least 2, was " + max);
    }
    List<String> parts = new ArrayList<>();
    String rest = text;
    while (rest.length() > max) {
      int cut = lastBefore(rest, "\n\n", max);
      int skip = 2;
      if (cut <= 0) {
        cut = lastBefore(rest, "\n", max);
        skip = 1;
      }
      if (cut <= 0) {
        cut = lastBefore(rest, " ", max);
        skip = 1;
      }
      if (cut <= 0) {
        cut = Character.isHighSurrogate(rest.charAt(max - 1)) ? max - 1 : max;
        skip = 0;
      }
      parts.add(rest.substring(0, cut));
      rest = rest.substring(cut + skip);
    }
    if (!rest.isEmpty() || parts.isEmpty()) {
      parts.add(rest);
    }
    return parts;
  }

  /** The last index of {@code sep} such that the text before it fits in {@code max}. */
  private static int lastBefore(String s, String sep, int max) {
    return s.lastIndexOf(sep, max);
  }
}
