package at.ozeanlicht.support.core.imports;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;

/**
 * Jazzer: whatever an import file holds, the reader gives each line a conversation or problems
 * naming the line, never an exception. 5 s in the build; longer runs: see the README (reliability).
 */
class ConversationJsonlReaderFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void read_anyText_givesEachLineResultOrProblems(FuzzedDataProvider data) throws IOException {
    String text = data.consumeRemainingAsString();
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(new StringReader(text))) {
      for (Optional<ConversationJsonlReader.Line> line = reader.next(); line.isPresent(); line = reader.next()) {
        ConversationJsonlReader.Line l = line.get();
        if (l.isValid() != l.problems().isEmpty()) {
          throw new AssertionError("line " + l.number() + ": valid " + l.isValid() + " but problems " + l.problems());
        }
        if (l.problems().stream().anyMatch(p -> !p.source().equals("line " + l.number()))) {
          throw new AssertionError("problem names another line: " + l.problems());
        }
      }
    }
  }
}
