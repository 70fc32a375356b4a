package at.ozeanlicht.support.core.csat;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a satisfaction rating from a chat reply. A reply counts as a rating when it starts with
 * one: a digit 1–5 not followed by another digit ({@code 4}, {@code 4/5}, {@code 5 danke!}), one
 * to five stars ({@code ★★★★}, {@code ⭐⭐⭐}), or one of the usual emoji: 😡 1, 😞 2, 😐 3, 🙂 4, 😍
 * 5, 👎 1, 👍 5 (skin tones and emoji presentation selectors ignored). What follows, trimmed of
 * separators, is the comment. Anything else is not a rating, so a real question reopens the
 * conversation as usual.
 *
 * <p>Total: every string gives a rating or none, never an exception. Stateless and thread-safe.
 */
public final class CsatReplies {
  private static final Pattern DIGIT = Pattern.compile("([1-5])(?:\\s*/\\s*5)?(?![0-9])(.*)", Pattern.DOTALL);
  private static final Map<Integer, Integer> EMOJI = Map.of(
      0x1F621, 1, // 😡
      0x1F61E, 2, // 😞
      0x1F610, 3, // 😐
      0x1F642, 4, // 🙂
      0x1F60D, 5, // 😍
      0x1F44E, 1, // 👎
      0x1F44D, 5); // 👍
  private static final int BLACK_STAR = 0x2605; // ★
  private static final int GLOWING_STAR = 0x2B50; // ⭐
  private static final String SEPARATORS = " \t\r\n-–—:,.;!/|";

  private CsatReplies() {}

  /** The rating in {@code text}, or empty if it does not start with one. */
  public static Optional<CsatReply> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = strip(text).strip();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DIGIT.matcher(s);
    if (m.matches()) {
      return Optional.of(new CsatReply(Integer.parseInt(m.group(1)), comment(m.group(2))));
    }
    int first = s.codePointAt(0);
    if (first == BLACK_STAR || first == GLOWING_STAR) {
      int stars = 0;
      int i = 0;
      while (i < s.length()) {
        int cp = s.codePointAt(i);
        if (cp != BLACK_STAR && cp != GLOWING_STAR) {
          if (!Character.isWhitespace(cp)) {
            break;
          }
        } else {
          stars++;
        }
        i += Character.charCount(cp);
      }
      if (stars < 1 || stars > 5) {
        return Optional.empty();
      }
      return Optional.of(new CsatReply(stars, comment(s.substring(i))));
    }
    Integer rating = EMOJI.get(first);
    if (rating != null) {
      int i = Character.charCount(first);
      // The same emoji repeated ("👍👍") is still one rating.
      while (i < s.length() && s.codePointAt(i) == first) {
        i += Character.charCount(first);
      }
      return Optional.of(new CsatReply(rating, comment(s.substring(i))));
    }
    return Optional.empty();
  }

  /** Drops emoji modifiers (skin tones, variation selectors) that do not change the meaning. */
  private static String strip(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints()
        .filter(cp -> !(cp >= 0x1F3FB && cp <= 0x1F3FF) && cp != 0xFE0F && cp != 0xFE0E)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static String comment(String rest) {
    int start = 0;
    while (start < rest.length() && SEPARATORS.indexOf(rest.charAt(start)) >= 0) {
      start++;
    }
    String c = rest.substring(start).strip();
    return c.isEmpty() ? null : c;
  }
}
