package at.ozeanlicht.support.ai.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.ai.OfflineMessageAnalyzer;
import at.ozeanlicht.support.ai.OfflineReplyDrafter;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.Draft;
import at.ozeanlicht.support.core.spi.DraftRequest;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.SecretResolver;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a fake chat-completions server on 127.0.0.1; no sleeps (zero backoff). */
class OpenAiProviderTest {
  private static final OfflineMessageAnalyzer OFFLINE = new OfflineMessageAnalyzer();
  private HttpServer server;
  private final Deque<Object[]> responses = new ArrayDeque<>(); // {status, body}
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> auth = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String a = exchange.getRequestHeaders().getFirst("Authorization");
      auth.add(a == null ? "" : a);
      Object[] r = responses.isEmpty() ? new Object[] {500, "{}"} : responses.poll();
      byte[] body = ((String) r[1]).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders((Integer) r[0], body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private OpenAiProvider provider(int retries) {
    OpenAiConfig config = new OpenAiConfig(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "test-model",
        "env:TEST_KEY", Duration.ofSeconds(5), retries, Duration.ZERO);
    return OpenAiProvider.create(config, SecretResolver.of(Map.of("TEST_KEY", "sk-test")::get, java.nio.file.Path.of("")),
        HttpClient.newHttpClient(), OFFLINE, new OfflineReplyDrafter());
  }

  private static String completion(String content) throws IOException {
    return new ObjectMapper().writeValueAsString(Map.of("choices",
        List.of(Map.of("message", Map.of("role", "assistant", "content", content)))));
  }

  @Test
  void analyze_jsonAnswer_parsedWithKeyAndJsonModeAndRedactedText() throws IOException {
    responses.add(new Object[] {200, completion("{\"language\":\"de\",\"sentiment\":\"neutral\","
        + "\"sentimentScore\":0.1,\"category\":\"access\",\"sensitive\":[],\"confidence\":0.9}")});

    MessageAnalysis a = provider(0).analyze(
        "Hallo, ich heiße Anna Berger, anna.berger@example.org, +43 664 1234567, Login geht nicht", "de");

    assertThat(a.category()).isEqualTo("access");
    assertThat(a.confidence()).isEqualTo(0.9);
    assertThat(auth).containsExactly("Bearer sk-test");
    assertThat(requests.get(0)).contains("\"json_object\"", "\"model\":\"test-model\"", "[NAME]", "[EMAIL]", "[PHONE]")
        .doesNotContain("Anna", "Berger", "anna.berger", "1234567", "664");
  }

  @Test
  void analyze_remoteSaysNeutralButOfflineSeesRefund_mergedOnTheSafeSide() throws IOException {
    responses.add(new Object[] {200, completion("{\"language\":\"de\",\"sentiment\":\"positive\","
        + "\"sentimentScore\":0.5,\"category\":\"payment\",\"sensitive\":[],\"confidence\":0.9}")});

    MessageAnalysis a = provider(0).analyze("Ich will mein Geld zurück, das ist eine Frechheit!!", "de");

    assertThat(a.sensitive()).contains("refund", "complaint");
    assertThat(a.sentiment()).isEqualTo(Sentiment.NEGATIVE);
  }

  @Test
  void analyze_serverErrorsThenSuccess_retries() throws IOException {
    responses.add(new Object[] {503, "busy"});
    responses.add(new Object[] {429, "slow down"});
    responses.add(new Object[] {200, completion("{\"language\":\"en\",\"sentiment\":\"neutral\","
        + "\"category\":\"technical\",\"sensitive\":[],\"confidence\":0.7}")});

    assertThat(provider(2).analyze("video keeps buffering", "en").category()).isEqualTo("technical");
    assertThat(requests).hasSize(3);
  }

  @Test
  void analyze_providerFailsOrAnswersGarbage_offlineFallback() throws IOException {
    String text = "I forgot my password, how do I reset it?";
    MessageAnalysis offline = OFFLINE.analyze(text, "en");

    assertThat(provider(1).analyze(text, "en")).isEqualTo(offline); // 500, 500
    assertThat(requests).hasSize(2);
    responses.add(new Object[] {200, completion("not json at all")});
    assertThat(provider(0).analyze(text, "en")).isEqualTo(offline);
    responses.add(new Object[] {401, "{\"error\":\"bad key\"}"});
    assertThat(provider(3).analyze(text, "en")).isEqualTo(offline);
    assertThat(requests).hasSize(4); // 401 is not retried
  }

  @Test
  void draft_groundedOnArticlesWithNameRestoredLocally() throws IOException {
    responses.add(new Object[] {200, completion("Hallo [NAME], klicke auf „Passwort vergessen?“.")});
    KbArticle article = new KbArticle("passwort-zuruecksetzen", "Passwort zurücksetzen", "access", "de",
        List.of(), "Klicke auf **Passwort vergessen?**.");
    DraftRequest request = new DraftRequest("de", "Anna Berger",
        List.of(new DraftRequest.Turn(true, "Hallo, hier ist Anna Berger (anna@example.org), ich komme nicht rein")),
        List.of(article));

    Draft d = provider(0).draft(request);

    assertThat(d).isEqualTo(new Draft("Hallo Anna, klicke auf „Passwort vergessen?“.", "openai",
        List.of("passwort-zuruecksetzen")));
    assertThat(requests.get(0)).contains("Article passwort-zuruecksetzen", "Passwort vergessen?")
        .doesNotContain("Anna", "Berger", "anna@example.org");
  }

  @Test
  void draft_providerDown_offlineDraft() {
    server.stop(0);
    DraftRequest request = new DraftRequest("en", "Sam", List.of(new DraftRequest.Turn(true, "video?")),
        List.of());

    Draft d = provider(0).draft(request);

    assertThat(d.source()).isEqualTo("offline");
    assertThat(d.text()).startsWith("Hi Sam,");
  }

  @Test
  void config_inlineKey_rejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> OpenAiConfig.of(URI.create("https://api.example.org/v1"), "m", "sk-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey: must be a reference (env:NAME or file:PATH), never the key itself");
  }

  @Test
  void redact_emailsPhonesNamesAndIntroductions() {
    assertThat(Redactor.redact("Ich heiße Maria Huber, Tel. 0664/123 45 67, maria@x.at. LG Maria",
        "Peter Maier")).isEqualTo("Ich heiße [NAME], Tel. [PHONE], [EMAIL]. LG [NAME]");
    assertThat(Redactor.redact("Hi, Peter here, call +43 1 234 5678", "Peter Maier"))
        .isEqualTo("Hi, [NAME] here, call [PHONE]");
  }
}
