package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.FieldProblem;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Jazzer: whatever bytes a contact CSV holds, the reader gives contacts or problems, each naming
 * a line and a column, never an exception. 5 s in the build; longer runs: see the README
 * (reliability).
 */
class ContactCsvReaderFuzzTest {
  private static final Pattern LINE = Pattern.compile("line [1-9][0-9]*");

  @FuzzTest(maxDuration = "5s")
  void read_anyBytes_givesContactsOrProblemsNamingLineAndColumn(byte[] csv) throws IOException {
    ContactCsvReader.Result r = ContactCsvReader.read(new ByteArrayInputStream(csv));
    for (FieldProblem p : r.problems()) {
      if (!LINE.matcher(p.source()).matches() || p.field().isEmpty() || p.message().isEmpty()) {
        throw new AssertionError("problem without line or column: " + p);
      }
    }
  }
}
