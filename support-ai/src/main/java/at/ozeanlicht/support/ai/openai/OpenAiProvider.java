package at.ozeanlicht.support.ai.openai;

import at.ozeanlicht.support.ai.OfflineMessageAnalyzer;
import at.ozeanlicht.support.ai.OfflineReplyDrafter;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.Draft;
import at.ozeanlicht.support.core.spi.DraftRequest;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.spi.ReplyDrafter;
import at.ozeanlicht.support.core.spi.SecretResolver;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MessageAnalyzer} and {@link ReplyDrafter} over an OpenAI-compatible chat-completions API
 * (OpenAI, Ollama, vLLM, llama.cpp server). Before anything leaves the process, email addresses,
 * phone numbers, IBANs and names (the contact's and introduced ones) are replaced by placeholders.
 *
 * <ul>
 *   <li>Classification asks for JSON ({@code response_format: json_object}) and validates it.
 *       The offline analyzer always runs too and is merged in on the safe side: sensitive topics
 *       are the union, and negative sentiment from either wins. The boundary guard in core still
 *       decides.
 *   <li>Drafts are grounded on the request's articles only; the model is told to say a colleague
 *       will follow up when they do not cover the question. {@code [NAME]} in the answer becomes
 *       the contact's first name again locally.
 *   <li>Any failure (timeout, connection, HTTP error after retries, malformed answer) falls back
 *       to the offline analyzer or drafter, with one WARN naming the operation and status only.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenAiProvider implements MessageAnalyzer, ReplyDrafter {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiProvider.class);
  private static final Set<String> CATEGORIES = Set.of("refund", "spiritual-personal", "complaint",
      "access", "payment", "technical", "feedback", "kids", "question");
  private static final Set<String> SENSITIVE = Set.of("refund", "spiritual-personal", "complaint");

  private final ChatClient client;
  private final MessageAnalyzer fallbackAnalyzer;
  private final ReplyDrafter fallbackDrafter;

  private OpenAiProvider(ChatClient client, MessageAnalyzer fallbackAnalyzer, ReplyDrafter fallbackDrafter) {
    this.client = client;
    this.fallbackAnalyzer = fallbackAnalyzer;
    this.fallbackDrafter = fallbackDrafter;
  }

  /**
   * A provider with the offline analyzer and drafter as fallbacks and its own HTTP client.
   *
   * @throws at.ozeanlicht.support.core.api.ConfigurationException if the key reference resolves
   *     to nothing
   */
  public static OpenAiProvider create(OpenAiConfig config, SecretResolver secrets) {
    return create(config, secrets, HttpClient.newBuilder().connectTimeout(config.timeout()).build(),
        new OfflineMessageAnalyzer(), new OfflineReplyDrafter());
  }

  /** A provider with explicit HTTP client and fallbacks. */
  public static OpenAiProvider create(OpenAiConfig config, SecretResolver secrets, HttpClient http,
      MessageAnalyzer fallbackAnalyzer, ReplyDrafter fallbackDrafter) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(secrets, "secrets");
    String key = config.apiKey() == null ? null : secrets.resolve("apiKey", config.apiKey());
    return new OpenAiProvider(new ChatClient(Objects.requireNonNull(http, "http"), config, key),
        Objects.requireNonNull(fallbackAnalyzer, "fallbackAnalyzer"),
        Objects.requireNonNull(fallbackDrafter, "fallbackDrafter"));
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public MessageAnalysis analyze(String text, @Nullable String languageHint) {
    MessageAnalysis offline = fallbackAnalyzer.analyze(text, languageHint);
    String system = "You classify customer-support chat messages of a spiritual online academy "
        + "(German or English). Answer with one JSON object only: {\"language\": ISO 639-1 code or "
        + "null, \"sentiment\": \"negative\"|\"neutral\"|\"positive\", \"sentimentScore\": -1..1, "
        + "\"category\": one of " + new TreeSet<>(CATEGORIES) + " or null, \"sensitive\": subset "
        + "of [\"refund\",\"spiritual-personal\",\"complaint\"], \"confidence\": 0..1}.";
    try {
      JsonNode n = ChatClient.JSON.readTree(client.complete(system, Redactor.redact(text, null), true));
      return merge(parse(n), offline);
    } catch (ChatClient.ChatFailure | IOException | RuntimeException e) {
      LOG.warn("openai: classification failed ({}); using the offline analyzer", reason(e));
      return offline;
    }
  }

  @Override
  public Draft draft(DraftRequest request) {
    Objects.requireNonNull(request, "request");
    StringBuilder system = new StringBuilder()
        .append("You are the warm, personal support assistant of a spiritual online academy. Write ")
        .append("a reply for a human agent to review, in the language '").append(request.language())
        .append("'. Use only facts from the articles below. If they do not answer the question, ")
        .append("say that a colleague will look into it. Never decide refunds and never give ")
        .append("personal spiritual advice. Address the customer as [NAME] if you greet them.\n");
    for (KbArticle a : request.articles()) {
      system.append("\n### Article ").append(a.id()).append(": ").append(a.title()).append('\n')
          .append(a.body()).append('\n');
    }
    StringBuilder user = new StringBuilder("Conversation so far:\n");
    for (DraftRequest.Turn t : request.turns()) {
      user.append(t.fromCustomer() ? "Customer: " : "Support: ")
          .append(Redactor.redact(t.text(), request.contactName())).append('\n');
    }
    try {
      String text = client.complete(system.toString(), user.toString(), false);
      String first = request.contactName() == null || request.contactName().isBlank() ? ""
          : request.contactName().strip().split("\\s+")[0];
      text = text.replace(Redactor.NAME, first).replace(" ,", ",").strip();
      return new Draft(text, name(), request.articles().stream().map(KbArticle::id).toList());
    } catch (ChatClient.ChatFailure | RuntimeException e) {
      LOG.warn("openai: draft failed ({}); using the offline drafter", reason(e));
      return fallbackDrafter.draft(request);
    }
  }

  private static String reason(Exception e) {
    return e instanceof ChatClient.ChatFailure ? e.getMessage() : e.getClass().getSimpleName();
  }

  static MessageAnalysis parse(JsonNode n) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("classification: not a JSON object");
    }
    String language = n.path("language").isTextual() ? n.get("language").asText().toLowerCase(Locale.ROOT) : null;
    if (language != null && !language.matches("[a-z]{2}")) {
      language = null;
    }
    Sentiment sentiment = switch (n.path("sentiment").asText("")) {
      case "negative" -> Sentiment.NEGATIVE;
      case "positive" -> Sentiment.POSITIVE;
      case "neutral" -> Sentiment.NEUTRAL;
      default -> throw new IllegalArgumentException("classification: sentiment missing");
    };
    double score = Math.max(-1, Math.min(1, n.path("sentimentScore").asDouble(0)));
    String category = n.path("category").isTextual() && CATEGORIES.contains(n.get("category").asText())
        ? n.get("category").asText() : null;
    Set<String> sensitive = new TreeSet<>();
    n.path("sensitive").forEach(s -> {
      if (SENSITIVE.contains(s.asText())) {
        sensitive.add(s.asText());
      }
    });
    double confidence = Math.max(0, Math.min(1, n.path("confidence").asDouble(0)));
    return new MessageAnalysis(language, sentiment, score, category, sensitive, confidence);
  }

  /** The remote result, made at least as cautious as the offline one. */
  static MessageAnalysis merge(MessageAnalysis remote, MessageAnalysis offline) {
    Set<String> sensitive = new TreeSet<>(remote.sensitive());
    sensitive.addAll(offline.sensitive());
    boolean negative = remote.sentiment() == Sentiment.NEGATIVE || offline.sentiment() == Sentiment.NEGATIVE;
    return new MessageAnalysis(remote.language() != null ? remote.language() : offline.language(),
        negative ? Sentiment.NEGATIVE : remote.sentiment(),
        negative ? Math.min(remote.sentimentScore(), offline.sentimentScore()) : remote.sentimentScore(),
        remote.category() != null ? remote.category() : offline.category(), sensitive,
        remote.confidence());
  }
}
