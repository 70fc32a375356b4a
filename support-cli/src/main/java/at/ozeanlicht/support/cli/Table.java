package at.ozeanlicht.support.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain text tables: left-aligned columns two spaces apart, no trailing blanks. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, String[] header, List<String[]> rows) {
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    line(out, header, widths);
    for (String[] row : rows) {
      line(out, row, widths);
    }
  }

  private static void line(PrintWriter out, String[] cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append("  ");
      }
      b.append(cells[i]);
      if (i < cells.length - 1) {
        b.append(" ".repeat(widths[i] - cells[i].length()));
      }
    }
    out.println(b);
  }

  /** Cuts text to {@code max} characters, marking the cut with an ellipsis. */
  static String cut(String text, int max) {
    String oneLine = text.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }
}
