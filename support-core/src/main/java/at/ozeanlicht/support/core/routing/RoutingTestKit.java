package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Routing rules under test, for a host's JUnit tests: load a workspace directory once, route
 * messages, run a cases file.
 *
 * <pre>{@code
 * RoutingTestKit kit = RoutingTestKit.of(Path.of("workspace"));
 * assertThat(kit.route("Ich kann mich nicht einloggen").team()).isEqualTo("tech");
 * assertThat(kit.failures(Path.of("workspace/routing-cases.yaml"))).isEmpty();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RoutingTestKit {
  private final Workspace workspace;
  private final Router router;
  private final @Nullable MessageAnalyzer analyzer;

  private RoutingTestKit(Workspace workspace, Router router, @Nullable MessageAnalyzer analyzer) {
    this.workspace = workspace;
    this.router = router;
    this.analyzer = analyzer;
  }

  /** Loads {@code workspace.yaml} and {@code routing.yaml} from {@code dir}; keywords only. */
  public static RoutingTestKit of(Path dir) {
    Workspace ws = WorkspaceLoader.load(dir);
    return new RoutingTestKit(ws, Router.load(dir, ws), null);
  }

  /** The same rules, with messages analyzed by {@code analyzer} first. */
  public RoutingTestKit withAnalyzer(MessageAnalyzer analyzer) {
    return new RoutingTestKit(workspace, router, Objects.requireNonNull(analyzer, "analyzer"));
  }

  /** The compiled rules. */
  public Router router() {
    return router;
  }

  /** Routes a text as the first message of a conversation, inside business hours. */
  public RoutingDecision route(String text) {
    return route(new RouteRequest("1", text, null, null, false, null, RouteRequest.DEFAULT_AT));
  }

  /** Routes a request. */
  public RoutingDecision route(RouteRequest request) {
    return router.route(request.toInput(workspace, analyzer));
  }

  /** Runs a cases file; returns the failed cases (empty when all passed). */
  public List<RoutingCases.Result> failures(Path casesFile) {
    return RoutingCases.run(router, workspace, analyzer, RoutingCases.load(casesFile)).stream()
        .filter(r -> !r.passed()).toList();
  }

  /** Who would get the conversation with every agent idle and as the workspace file says. */
  static Assignment assignIdle(Router router, Workspace ws, RoutingDecision d, boolean vip) {
    String how = d.assignTo() != null ? d.assignTo() : router.defaultAssign().orElse(null);
    return Assigner.assign(new Assigner.Request(d.team(), how, d.language(), vip, null, 0),
        ws.agents().stream().map(Assigner.AgentState::idle).toList());
  }
}
