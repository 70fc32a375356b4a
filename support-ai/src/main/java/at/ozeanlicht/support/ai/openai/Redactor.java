package at.ozeanlicht.support.ai.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes personal data before text leaves the process: email addresses, phone numbers (7 or more
 * digits with the usual separators), IBAN-like numbers, the contact's known name, and names
 * introduced by common phrases ("ich heiße Anna", "my name is Anna Berger", "LG Anna", "Best,
 * Anna"). Errs on the side of removing too much.
 */
final class Redactor {
  static final String NAME = "[NAME]";
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}0-9._%+-]+@[\\p{L}0-9.-]+\\.[\\p{L}]{2,}");
  private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}(?:\\s?[A-Z0-9]{4}){2,7}(?:\\s?[A-Z0-9]{1,4})?\\b");
  private static final Pattern PHONE = Pattern.compile("(?<![\\p{L}\\d])\\+?\\d(?:[\\s./()-]*\\d){6,}");
  private static final String NAME_WORD = "\\p{Lu}[\\p{L}'-]+";
  private static final Pattern INTRO = Pattern.compile(
      "(?i:ich heiße|ich heisse|mein name ist|ich bin die|ich bin der|my name is|this is|i am|i'm|"
          + "liebe grüße|liebe grüsse|viele grüße|herzliche grüße|lg|vg|mfg|grüße|gruß|"
          + "best regards|kind regards|regards|best|thanks|cheers|danke)[,:]?\\s+"
          + "(" + NAME_WORD + "(?:\\s+" + NAME_WORD + ")?)");

  private Redactor() {}

  static String redact(String text, @Nullable String knownName) {
    String s = EMAIL.matcher(text).replaceAll("[EMAIL]");
    s = IBAN.matcher(s).replaceAll("[IBAN]");
    s = PHONE.matcher(s).replaceAll("[PHONE]");
    for (String part : nameParts(knownName)) {
      s = Pattern.compile("(?iu)(?<![\\p{L}])" + Pattern.quote(part) + "(?![\\p{L}])").matcher(s)
          .replaceAll(NAME);
    }
    Matcher m = INTRO.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(
          s.substring(m.start(), m.start(1)) + NAME));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<String> nameParts(@Nullable String name) {
    List<String> out = new ArrayList<>();
    if (name == null) {
      return out;
    }
    for (String p : name.strip().split("\\s+")) {
      if (p.length() >= 2 && !p.toLowerCase(Locale.ROOT).equals(p.toUpperCase(Locale.ROOT))) {
        out.add(p);
      }
    }
    return out;
  }
}
