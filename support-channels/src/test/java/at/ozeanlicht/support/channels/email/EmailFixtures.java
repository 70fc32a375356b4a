package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Shared test data for the e-mail channel. */
final class EmailFixtures {
  static final String WEBHOOK_SECRET = "whsec-test";
  static final String TOKEN_SECRET = "token-test";
  static final SecretResolver SECRETS = SecretResolver.of(Map.of("MAIL_PASSWORD", "pw",
      "MAIL_TOKEN", TOKEN_SECRET, "MAIL_WEBHOOK", WEBHOOK_SECRET)::get, Path.of(""));

  private EmailFixtures() {}

  static EmailConfig config(String inbox, int smtpPort) {
    return new EmailConfig(inbox, "127.0.0.1", smtpPort, "", "env:MAIL_PASSWORD",
        "support@example.test", "inbound.example.test", "env:MAIL_TOKEN", "env:MAIL_WEBHOOK");
  }

  static ChannelAdapter adapter(EmailConfig config, Clock clock) {
    return new EmailProvider().create(config, new ChannelContext(clock, SECRETS, HttpClient.newHttpClient()));
  }

  static ReplyTokens tokens() {
    return new ReplyTokens(TOKEN_SECRET, "inbound.example.test", "example.test");
  }

  /** A webhook request carrying {@code raw}, signed as the inbound-mail relay would. */
  static InboundRequest signed(byte[] raw) {
    return InboundRequest.post("/webhooks/mail", Map.of(EmailChannel.SIGNATURE_HEADER,
        List.of("sha256=" + Signatures.hmacSha256Hex(WEBHOOK_SECRET, raw))), raw);
  }

  static InboundRequest signed(String raw) {
    return signed(raw.getBytes(StandardCharsets.UTF_8));
  }
}
