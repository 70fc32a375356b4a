package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.ImportContact;
import java.io.IOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;

/**
 * Writes contacts as CSV in the columns {@link ContactCsvReader} reads. Cells a spreadsheet would
 * run as a formula (starting with {@code = + - @}, a tab or a carriage return) are defused with a
 * leading {@code '} (OWASP's advice); the reader removes it again.
 */
public final class ContactCsvWriter {
  /** First characters that make a spreadsheet treat a cell as a formula. */
  static final String FORMULA_START = "=+-@\t\r";

  private ContactCsvWriter() {}

  /** Writes the header and one line per row to {@code out}. */
  public static void write(List<ImportContact> rows, Appendable out) throws IOException {
    try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder()
        .setHeader(ContactCsvReader.COLUMNS.toArray(String[]::new)).get())) {
      for (ImportContact r : rows) {
        p.printRecord(cell(r.channel().wire()), cell(r.externalId()), cell(r.name()), cell(r.email()),
            cell(r.phone()), cell(r.language()), r.vip() ? "true" : "false");
      }
      p.flush();
    }
  }

  /** The value, defused if a spreadsheet would run it; empty for null. */
  public static String cell(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    return FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }
}
