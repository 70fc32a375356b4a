package at.ozeanlicht.support.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class EmailImapIT {
  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(new ServerSetup[] {
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
      new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:30:00Z"));
  private EmailConfig config;
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    MAIL.setUser("support@example.test", "support", "pw");
    config = new EmailConfig("mail", "127.0.0.1", MAIL.getSmtp().getPort(), "support",
        "env:MAIL_PASSWORD", "support@example.test", "inbound.example.test", "env:MAIL_TOKEN",
        "env:MAIL_WEBHOOK", "127.0.0.1", MAIL.getImap().getPort());
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock)
        .channelProvider(new EmailProvider()).channel(config).secrets(EmailFixtures.SECRETS).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private void deliver(String from, String subject, String body) {
    GreenMailUtil.sendTextEmail("support@example.test", from, subject, body, MAIL.getSmtp().getServerSetup());
  }

  private int poll() throws Exception {
    return EmailProvider.pollImap(engine, config, EmailFixtures.SECRETS, dir.resolve("cursor"));
  }

  @Test
  void poll_storesNewMailOnceAndAdvancesTheCursorAfterTheBatch() throws Exception {
    deliver("lena@customer.test", "Lieferung", "Wo ist mein Paket?");
    deliver("sam@customer.test", "Refund", "Bitte erstatten.");

    assertThat(poll()).isEqualTo(2);
    assertThat(engine.conversations(FindConversations.all()).items()).hasSize(2);
    String cursor = Files.readString(dir.resolve("cursor")).strip();
    assertThat(cursor).matches("\\d+ 2");

    assertThat(poll()).isZero();
    deliver("lena@customer.test", "Noch was", "Und die Rechnung?");
    assertThat(poll()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("cursor")).strip()).endsWith(" 3");
  }

  @Test
  void poll_newUidValidity_readsTheFolderAgainWithoutDuplicates() throws Exception {
    deliver("lena@customer.test", "Lieferung", "Wo ist mein Paket?");
    assertThat(poll()).isEqualTo(1);
    Files.writeString(dir.resolve("cursor"), "1 999\n");

    assertThat(poll()).isZero(); // read again from UID 1; the message is a duplicate
    assertThat(engine.conversations(FindConversations.all()).items()).hasSize(1);
    assertThat(Files.readString(dir.resolve("cursor")).strip()).doesNotStartWith("1 ").endsWith(" 1");
  }
}
