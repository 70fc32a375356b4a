package at.ozeanlicht.support.core.imports;

/** Checks shared by the JSONL and CSV readers for text from outside. */
final class TextChecks {
  private TextChecks() {}

  /** Index of the first control character other than tab, line feed and carriage return, or -1. */
  static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f
          || (ch >= 0x80 && ch < 0xa0)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code U+0000} style name of the character at {@code index}. */
  static String codePoint(String text, int index) {
    return String.format(java.util.Locale.ROOT, "U+%04X", (int) text.charAt(index));
  }
}
