package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code support webhook replay} on the reference workspace (routing.yaml, kb/, ai.yaml): the
 * received message gets the automatic first response, within the boundary guard.
 */
@ExtendWith(PostgresExtension.class)
class AiFirstResponseCliIT {
  @TempDir Path dir;
  Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectories(dir.resolve("ws"));
    try (Stream<Path> files = Files.walk(Cli.REFERENCE_WORKSPACE)) {
      for (Path p : files.toList()) {
        Path to = workspace.resolve(Cli.REFERENCE_WORKSPACE.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.writeString(workspace.resolve("channels.yaml"), """
        channels:
          - inbox: ol-whatsapp
            type: whatsapp
            phoneNumberId: "106540352242922"
            appSecret: env:WA_APP_SECRET
            accessToken: env:WA_ACCESS_TOKEN
            verifyToken: env:WA_VERIFY
        """);
  }

  private static String payload(String id, String from, String text) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":"
        + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"106540352242922\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Lena\"},\"wa_id\":\"" + from + "\"}],"
        + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + id + "\",\"timestamp\":\"1763892000\",\"type\":\"text\",\"text\":{\"body\":\""
        + text + "\"}}]}}]}]}";
  }

  private Cli.Result replay(String body) throws Exception {
    Files.writeString(dir.resolve("payload.json"), body);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("test_app_secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String sig = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    List<String> args = new ArrayList<>(List.of("webhook", "replay", "--channel", "whatsapp", "--file",
        "payload.json", "--header", "X-Hub-Signature-256:" + sig, "--workspace", workspace.toString(),
        "--db", SharedPostgres.jdbcUrl()));
    return new Cli(dir).env("WA_APP_SECRET", "test_app_secret").env("WA_ACCESS_TOKEN", "tok")
        .env("WA_VERIFY", "vt").run(args.toArray(String[]::new));
  }

  /** The bot messages per conversation, in conversation number order. */
  private List<List<Message>> botMessages() {
    try (SupportEngine engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WorkspaceLoader.load(workspace)).build()) {
      return engine.conversations(FindConversations.all().withLimit(10)).items().stream()
          .sorted(java.util.Comparator.comparingLong(s -> s.conversation().number()))
          .map(s -> engine.conversation(s.conversation().id()).orElseThrow().messages().stream()
              .filter(m -> m.sender().type() == SenderType.BOT).toList())
          .toList();
    }
  }

  @Test
  void webhookReplay_commonQuestion_answeredWithArticles_refundOnlyAcknowledged() throws Exception {
    Cli.Result question = replay(payload("wamid.AI1", "4915100000001",
        "Hallo, ich habe mein Passwort vergessen. Wie kann ich es zurücksetzen?"));
    Cli.Result refund = replay(payload("wamid.AI2", "4915100000002",
        "Ich möchte mein Geld zurück, bitte storniert meine Buchung"));

    assertThat(question.code()).as(question.toString()).isZero();
    assertThat(refund.code()).as(refund.toString()).isZero();
    List<List<Message>> bots = botMessages();
    assertThat(bots).hasSize(2);
    // The CLI runs on the wall clock: after hours routing's acknowledgment comes first.
    assertThat(bots.get(0)).anySatisfy(m -> assertThat(m.body()).startsWith("Hallo Lena,")
        .contains("Passwort", "•"));
    assertThat(bots.get(1)).isNotEmpty().allSatisfy(m -> assertThat(m.body()).doesNotContain("•", "1."));
  }
}
