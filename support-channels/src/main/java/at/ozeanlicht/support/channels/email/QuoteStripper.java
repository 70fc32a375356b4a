package at.ozeanlicht.support.channels.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.safety.Safelist;

/**
 * Finds the new text of a reply: cuts plain text at the first quote marker (attribution line,
 * original-message separator, Outlook header block, a trailing run of {@code >} lines), the
 * signature delimiter {@code "-- "} or a mobile footer; removes HTML quote containers. Pure and
 * thread-safe.
 */
final class QuoteStripper {
  private static final Pattern ATTRIBUTION_EN = Pattern.compile("^On\\b.{3,200}\\bwrote:\\s*$");
  private static final Pattern ATTRIBUTION_DE = Pattern.compile("^Am\\b.{3,200}\\bschrieb\\b.{0,200}:\\s*$");
  private static final Pattern ORIGINAL = Pattern.compile(
      "^\\s*-{3,}\\s*(Original Message|Ursprüngliche Nachricht|Forwarded message|Weitergeleitete Nachricht)\\s*-{3,}\\s*$",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern OUTLOOK_FROM = Pattern.compile("^\\*?(From|Von):\\*?\\s.*");
  private static final Pattern OUTLOOK_SENT = Pattern.compile("^\\*?(Sent|Gesendet|Date|Datum):\\*?\\s.*");
  private static final Pattern OUTLOOK_SUBJECT = Pattern.compile("^\\*?(Subject|Betreff):\\*?\\s?.*");
  private static final Pattern UNDERSCORES = Pattern.compile("^_{10,}\\s*$");
  private static final Pattern MOBILE = Pattern.compile(
      "^(Sent from my .{1,40}|Sent from .{1,30} for (iOS|Android)|Von meinem .{1,40} gesendet"
          + "|Gesendet von meinem .{1,40}|Get Outlook for (iOS|Android))\\.?\\s*$",
      Pattern.CASE_INSENSITIVE);

  private QuoteStripper() {}

  /** The new text of a plain-text body, trimmed; the whole text if nothing is quoted. */
  static String plain(String text) {
    List<String> lines = text.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
    int cut = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      if (isMarker(lines, i)) {
        cut = i;
        break;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cut; i++) {
      out.append(lines.get(i)).append('\n');
    }
    return out.toString().strip();
  }

  private static boolean isMarker(List<String> lines, int i) {
    String line = lines.get(i);
    String trimmed = line.strip();
    // "-- " is the delimiter (RFC 3676); quoted-printable decoders often strip its space, so a
    // bare "--" counts when only a short block follows.
    if (line.equals("-- ") || line.equals("--") && lines.size() - i <= 12) {
      return true;
    }
    if (ATTRIBUTION_EN.matcher(trimmed).matches() || ATTRIBUTION_DE.matcher(trimmed).matches()
        || ORIGINAL.matcher(trimmed).matches() || MOBILE.matcher(trimmed).matches()) {
      return true;
    }
    // An attribution wrapped over two lines: "On Mon, 23 Nov 2026 at 10:00, Support" / "<a@b> wrote:"
    if (i + 1 < lines.size() && (trimmed.startsWith("On ") || trimmed.startsWith("Am "))) {
      String joined = trimmed + " " + lines.get(i + 1).strip();
      if (ATTRIBUTION_EN.matcher(joined).matches() || ATTRIBUTION_DE.matcher(joined).matches()) {
        return true;
      }
    }
    if (UNDERSCORES.matcher(trimmed).matches() && i + 1 < lines.size()
        && OUTLOOK_FROM.matcher(lines.get(i + 1).strip()).matches()) {
      return true;
    }
    if (OUTLOOK_FROM.matcher(trimmed).matches() && outlookBlock(lines, i)) {
      return true;
    }
    return trimmed.startsWith(">") && onlyQuotedFrom(lines, i);
  }

  /** "From:" followed within five lines by "Sent:"/"Date:" and "Subject:" (Outlook, Gmail forward). */
  private static boolean outlookBlock(List<String> lines, int from) {
    boolean sent = false;
    for (int j = from + 1; j < Math.min(lines.size(), from + 6); j++) {
      String l = lines.get(j).strip();
      if (OUTLOOK_SENT.matcher(l).matches()) {
        sent = true;
      } else if (OUTLOOK_SUBJECT.matcher(l).matches()) {
        return sent;
      }
    }
    return false;
  }

  /** True if every non-blank line from {@code i} on is quoted (interleaved answers are kept). */
  private static boolean onlyQuotedFrom(List<String> lines, int i) {
    for (int j = i; j < lines.size(); j++) {
      String l = lines.get(j).strip();
      if (!l.isEmpty() && !l.startsWith(">")) {
        return false;
      }
    }
    return true;
  }

  /** Sanitized HTML, safe to display (no scripts, styles, event handlers or remote forms). */
  static String sanitize(String html) {
    return Jsoup.clean(html, Safelist.relaxed());
  }

  /** The new part of an HTML body, sanitized: quote containers and what follows them removed. */
  static String html(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("blockquote[type=cite], div.gmail_quote, div.gmail_signature, div.moz-signature")
        .remove();
    for (String id : List.of("divRplyFwdMsg", "appendonsend")) {
      Element marker = doc.getElementById(id);
      if (marker != null) {
        removeFrom(marker);
      }
    }
    return sanitize(doc.body().html()).strip();
  }

  /** Removes {@code e}, its following siblings, and theirs up the tree (the rest is the quote). */
  private static void removeFrom(Element e) {
    Element current = e;
    while (current != null && !current.tagName().equals("body")) {
      Element parent = current.parent();
      List<Node> after = new ArrayList<>();
      for (Node n = current.nextSibling(); n != null; n = n.nextSibling()) {
        after.add(n);
      }
      after.forEach(Node::remove);
      if (current == e) {
        current.remove();
      }
      current = parent;
    }
  }

  /** The visible text of (sanitized) HTML, one line per block. */
  static String text(String html) {
    Document doc = Jsoup.parse(html);
    doc.select("br").after("\\n");
    doc.select("p, div, li, tr, h1, h2, h3, h4, blockquote").after("\\n");
    String text = doc.text().replace("\\n", "\n");
    return text.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("").strip()
        .replaceAll("\n{3,}", "\n\n");
  }
}
