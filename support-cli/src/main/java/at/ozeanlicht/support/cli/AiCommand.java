package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.OfflineMessageAnalyzer;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support ai analyze --message TEXT [--json]}. */
@Command(name = "ai", mixinStandardHelpOptions = true,
    description = "Offline AI helpers: analyze a message as the engine would on receipt.",
    subcommands = AiCommand.Analyze.class)
final class AiCommand {
  @ParentCommand SupportCommand root;

  @Command(name = "analyze", mixinStandardHelpOptions = true,
      description = "Language, sentiment, category and sensitive topics of one message, and "
          + "whether AI may answer it (no sensitive topic and no negative sentiment).")
  static final class Analyze implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand AiCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--message", required = true, paramLabel = "TEXT",
        description = "The message text.")
    String message;

    @Option(names = "--lang", paramLabel = "CODE",
        description = "The contact's known language (ISO 639-1), used when the text is too short to tell.")
    @Nullable String lang;

    @Option(names = "--examples", paramLabel = "FILE",
        description = "Labelled examples (category<TAB>message per line) to train the category "
            + "model on instead of the bundled ones.")
    @Nullable Path examples;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
      PrintWriter out = spec.commandLine().getOut();
      OfflineMessageAnalyzer analyzer;
      if (examples == null) {
        analyzer = new OfflineMessageAnalyzer();
      } else {
        Path file = parent.root.env().workingDir().resolve(examples);
        if (!Files.isRegularFile(file)) {
          throw new ParameterException(spec.commandLine(), "--examples: no such file '" + examples + "'");
        }
        try {
          analyzer = OfflineMessageAnalyzer.fromExamples(file);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--examples: " + e.getMessage());
        }
      }
      MessageAnalysis a = analyzer.analyze(message, lang);
      List<String> sensitive = new ArrayList<>(a.sensitive());
      sensitive.sort(null);
      boolean aiAllowed = sensitive.isEmpty() && a.sentiment() != Sentiment.NEGATIVE;
      double score = Math.round(a.sentimentScore() * 100) / 100.0;
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("language", a.language());
        o.put("sentiment", a.sentiment().wire());
        o.put("sentimentScore", score);
        o.put("category", a.category());
        o.put("sensitive", sensitive);
        o.put("aiAllowed", aiAllowed);
        out.println(JSON.writeValueAsString(o));
      } else {
        out.println("language:   " + (a.language() == null ? "unknown" : a.language()));
        out.println("sentiment:  " + a.sentiment().wire() + " (" + String.format(Locale.ROOT, "%.2f", score) + ")");
        out.println("category:   " + (a.category() == null ? "none" : a.category()));
        out.println("sensitive:  " + (sensitive.isEmpty() ? "none" : String.join(", ", sensitive)));
        out.println("AI allowed: " + (aiAllowed ? "yes" : "no"));
      }
      return Errors.OK;
    }
  }
}
