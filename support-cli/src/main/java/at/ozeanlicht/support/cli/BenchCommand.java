package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.routing.RouteRequest;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.routing.RoutingCases;
import at.ozeanlicht.support.core.routing.RoutingInput;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support bench routing}: how many messages per second a workspace's rules route. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure the engines with a workspace's own configuration.",
    subcommands = {BenchCommand.Routing.class, BenchReport.class, InboxBench.class,
        ReceiveBench.class})
final class BenchCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "routing", mixinStandardHelpOptions = true,
      description = "Route sample messages (routing-cases.yaml if present, else built-in ones) on one "
          + "thread and print messages per second. Indicative; the JMH benchmark is the reference.")
  static final class Routing implements Callable<Integer> {
    private static final List<String> SAMPLES = List.of(
        "Hallo, ich kann mich seit gestern nicht mehr einloggen. Was kann ich tun?",
        "Meine Zahlung per Kreditkarte wurde abgelehnt, bitte um Hilfe",
        "Bei der Meditation spüre ich ein starkes Kribbeln, ist das normal?",
        "Das Video zur Morgenmeditation lädt nicht",
        "I would like a refund for the course, it was not what I expected",
        "Wann beginnt der nächste Kurs für Kinder?",
        "Ein Vorschlag: es wäre schön, wenn es die Meditationen zum Herunterladen gäbe.",
        "Bitte löschen Sie alle meine Daten gemäß DSGVO.");

    @ParentCommand BenchCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else $SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "3", description = "Measuring time (after 1 s warm-up), default ${DEFAULT-VALUE}.")
    int seconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dir = Workspaces.resolve(workspace, parent.root.env(), spec.commandLine());
      Workspace ws = Workspaces.load(dir);
      Router router = Router.load(dir, ws);
      List<RoutingInput> inputs = new ArrayList<>();
      Path cases = dir.resolve("routing-cases.yaml");
      if (Files.isRegularFile(cases)) {
        for (RoutingCases.Case c : RoutingCases.load(cases)) {
          inputs.add(c.request().toInput(ws, null));
        }
      } else {
        for (String s : SAMPLES) {
          inputs.add(new RouteRequest("x", s, null, null, false, null, RouteRequest.DEFAULT_AT).toInput(ws, null));
        }
      }
      run(router, inputs, 1_000_000_000L);
      long n = run(router, inputs, Math.max(1, seconds) * 1_000_000_000L);
      double perSecond = n / (double) Math.max(1, seconds);
      out.printf(Locale.ROOT, "routing: %d rules, %d keywords, %d sample messages: %,.0f messages/s (one thread)%n",
          router.ruleNames().size(), router.keywordCount(), inputs.size(), perSecond);
      out.flush();
      return Errors.OK;
    }

    private static long run(Router router, List<RoutingInput> inputs, long nanos) {
      long end = System.nanoTime() + nanos;
      long n = 0;
      int sink = 0;
      while (System.nanoTime() < end) {
        for (RoutingInput in : inputs) {
          sink += router.route(in, false).matchedRules().size();
          n++;
        }
      }
      return sink == Integer.MIN_VALUE ? -1 : n;
    }
  }
}
