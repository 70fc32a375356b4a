package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference workspace's routing cases, keywords only (no analyzer), as a build gate. */
class RoutingReferenceCasesTest {
  static final Path WORKSPACE = Path.of("..", "examples", "ozean-licht");

  @Test
  void referenceCases_keywordsOnly_allPass() {
    RoutingTestKit kit = RoutingTestKit.of(WORKSPACE);
    List<RoutingCases.Case> cases = RoutingCases.load(WORKSPACE.resolve("routing-cases.yaml"));
    List<RoutingCases.Result> results = RoutingCases.run(kit.router(),
        at.ozeanlicht.support.core.workspace.WorkspaceLoader.load(WORKSPACE), null, cases);
    long teams = results.stream().filter(r -> r.diffs().stream().noneMatch(d -> d.startsWith("team:"))).count();
    long priorities = results.stream().filter(r -> r.diffs().stream().noneMatch(d -> d.startsWith("priority:"))).count();
    System.out.printf("routing cases: %d, all fields %d, team %d, priority %d%n", results.size(),
        results.stream().filter(RoutingCases.Result::passed).count(), teams, priorities);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
    assertThat(results.stream().filter(r -> !r.passed()).count())
        .withFailMessage(() -> RoutingCases.report(results)).isZero();
  }
}
