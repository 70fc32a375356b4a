package at.ozeanlicht.support.ai.kb;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.spi.KbHit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Search quality on the reference workspace: mean reciprocal rank of the expected article in the
 * top five (MRR@5) over {@code eval/kb-queries.tsv}. Prints the figure and every miss.
 */
class KbEvaluationTest {
  private static final Path WORKSPACE = Path.of("..", "examples", "ozean-licht");

  @Test
  void search_referenceQueries_mrrAt5AtLeast08() throws IOException {
    LuceneKnowledgeBase kb = LuceneKnowledgeBase.fromWorkspace(WORKSPACE);
    List<String[]> cases;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/eval/kb-queries.tsv"))) {
      cases = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split("\t")).toList();
    }
    double sum = 0;
    int top1 = 0;
    for (String[] c : cases) {
      assertThat(kb.article(c[1])).as("expected article %s exists", c[1]).isPresent();
      List<KbHit> hits = kb.search(c[2], c[0], 5);
      int rank = 0;
      for (int i = 0; i < hits.size(); i++) {
        if (hits.get(i).articleId().equals(c[1])) {
          rank = i + 1;
          break;
        }
      }
      if (rank > 0) {
        sum += 1.0 / rank;
      }
      if (rank == 1) {
        top1++;
      } else {
        System.out.printf("  rank %s for [%s] %s (expected %s, got %s)%n", rank == 0 ? "-" : rank,
            c[0], c[2], c[1], hits.stream().map(KbHit::articleId).toList());
      }
    }
    double mrr = sum / cases.size();
    System.out.printf("KB search: %d queries, MRR@5 %.3f, top-1 %d/%d%n", cases.size(), mrr, top1,
        cases.size());
    assertThat(cases).hasSizeGreaterThanOrEqualTo(40);
    assertThat(mrr).isGreaterThanOrEqualTo(0.8);
  }
}
