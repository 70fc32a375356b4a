package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.ai.OfflineMessageAnalyzer;
import at.ozeanlicht.support.ai.OfflineReplyDrafter;
import at.ozeanlicht.support.ai.openai.OpenAiConfig;
import at.ozeanlicht.support.ai.openai.OpenAiProvider;
import at.ozeanlicht.support.core.api.ConversationView;
import at.ozeanlicht.support.core.api.NotFoundException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.routing.AiBoundaryGuard;
import at.ozeanlicht.support.core.spi.Draft;
import at.ozeanlicht.support.core.spi.DraftRequest;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.ReplyDrafter;
import at.ozeanlicht.support.core.spi.SecretResolver;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support ai analyze --message TEXT [--json]} and {@code support ai draft --conversation ID}. */
@Command(name = "ai", mixinStandardHelpOptions = true,
    description = "AI helpers: analyze a message as the engine would on receipt; draft a reply for an agent.",
    subcommands = {AiCommand.Analyze.class, AiCommand.DraftReply.class})
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

  @Command(name = "draft", mixinStandardHelpOptions = true,
      description = {"Prints a draft reply to a conversation for an agent to review; nothing is sent.",
          "Grounded on the workspace's knowledge-base articles that match the customer's messages. "
              + "Offline by default; with SUPPORT_AI_BASE_URL (e.g. http://127.0.0.1:11434/v1) and "
              + "SUPPORT_AI_MODEL set, an OpenAI-compatible server writes it (key reference in "
              + "SUPPORT_AI_KEY: env:NAME or file:PATH), with personal data redacted and the offline "
              + "draft as fallback."})
  static final class DraftReply implements Callable<Integer> {
    @ParentCommand AiCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--conversation", required = true, paramLabel = "ID",
        description = "The conversation number (4711 or #4711) or its UUID.")
    String conversation;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Workspace directory; else "
        + "$SUPPORT_WORKSPACE, else the current directory.")
    @Nullable Path workspace;

    @Override
    public Integer call() {
      Environment env = parent.root.env();
      Path dir = Workspaces.resolve(workspace, env, spec.commandLine());
      at.ozeanlicht.support.core.workspace.Workspace ws = Workspaces.load(dir);
      at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase kb = at.ozeanlicht.support.ai.kb.LuceneKnowledgeBase.fromWorkspace(dir);
      ReplyDrafter drafter = drafter(env, dir);
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(ws)) {
        UUID id = ConversationCommand.resolveId(engine, conversation, spec.commandLine(), "--conversation");
        ConversationView view = engine.conversation(id)
            .orElseThrow(() -> new NotFoundException("conversation: no conversation " + conversation));
        List<DraftRequest.Turn> turns = new ArrayList<>();
        StringBuilder customer = new StringBuilder();
        for (Message m : view.messages()) {
          if (m.kind() == MessageKind.INCOMING || m.kind() == MessageKind.OUTGOING) {
            turns.add(new DraftRequest.Turn(m.kind() == MessageKind.INCOMING, m.body()));
            if (m.kind() == MessageKind.INCOMING) {
              customer.append(m.body()).append('\n');
            }
          }
        }
        Contact contact = view.contact();
        MessageAnalysis analysis = new OfflineMessageAnalyzer().analyze(customer.toString(),
            contact == null ? null : contact.language());
        String language = analysis.language() != null ? analysis.language()
            : contact != null && contact.language() != null ? contact.language() : ws.defaults().language();
        List<KbArticle> articles = kb.search(customer.toString(), language, 3).stream()
            .filter(h -> h.score() >= 3).map(h -> kb.article(h.articleId()).orElseThrow()).toList();
        Draft draft = drafter.draft(new DraftRequest(language, contact == null ? null : contact.name(),
            turns, articles));
        out.println(draft.text());
        out.println();
        out.println("-- draft by " + draft.source() + (draft.articleIds().isEmpty() ? ", no articles"
            : ", articles: " + String.join(", ", draft.articleIds())));
        List<String> blocked = AiBoundaryGuard.standard().check(customer.toString(),
            contact != null && contact.vip(), analysis);
        if (!blocked.isEmpty()) {
          out.println("-- AI would not answer this on its own (" + String.join(", ", blocked)
              + "); review with care");
        }
      }
      return Errors.OK;
    }

    private ReplyDrafter drafter(Environment env, Path dir) {
      String base = env.get("SUPPORT_AI_BASE_URL");
      if (base == null) {
        return new OfflineReplyDrafter();
      }
      String model = env.get("SUPPORT_AI_MODEL");
      if (model == null) {
        throw new ParameterException(spec.commandLine(), "SUPPORT_AI_MODEL: required when SUPPORT_AI_BASE_URL is set");
      }
      OpenAiConfig config;
      try {
        config = OpenAiConfig.of(java.net.URI.create(base), model, env.get("SUPPORT_AI_KEY"));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "SUPPORT_AI_*: " + e.getMessage());
      }
      return OpenAiProvider.create(config, SecretResolver.of(env::get, dir));
    }
  }
}
