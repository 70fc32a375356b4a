package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.SecretResolver;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Creates e-mail adapters ({@code email}); the ServiceLoader entry of this package. Stateless and
 * thread-safe.
 */
public final class EmailProvider implements ChannelAdapterProvider<EmailConfig> {
  /** For ServiceLoader. */
  public EmailProvider() {}

  @Override
  public String type() {
    return "email";
  }

  @Override
  public Class<EmailConfig> configType() {
    return EmailConfig.class;
  }

  @Override
  public String inbox(EmailConfig config) {
    return config.inbox();
  }

  @Override
  public ChannelAdapter create(EmailConfig config, ChannelContext context) {
    String password = config.username().isBlank() ? null
        : context.secrets().resolve("password", config.password());
    ReplyTokens tokens = new ReplyTokens(context.secrets().resolve("tokenSecret", config.tokenSecret()),
        config.replyDomain(), config.fromDomain());
    return new EmailChannel(config, context.secrets().resolve("webhookSecret", config.webhookSecret()),
        tokens, new SmtpSender(config, password, tokens, context.clock()), context.clock());
  }

  /**
   * Polls the IMAP folder of {@code config} once and stores new mail through {@code engine}'s
   * webhook path for the inbox (verified, deduplicated, threaded like a posted {@code .eml}). Call
   * it from the host's scheduler, one caller per inbox at a time. The cursor ({@code UIDVALIDITY}
   * and last UID) is kept in {@code cursorFile} and written only after the batch is stored.
   *
   * @return how many new messages were stored (at most 100 per call)
   * @throws at.ozeanlicht.support.core.api.ConfigurationException if {@code config} has no IMAP
   *     host or a secret is missing
   * @throws IOException if the server or the cursor file cannot be read (try again later; what
   *     was stored stays stored)
   */
  public static int pollImap(SupportEngine engine, EmailConfig config, SecretResolver secrets,
      Path cursorFile) throws IOException {
    String password = config.username().isBlank() ? null : secrets.resolve("password", config.password());
    ImapPoller poller = new ImapPoller(engine, config, password,
        secrets.resolve("webhookSecret", config.webhookSecret()), cursorFile);
    try {
      return poller.poll();
    } catch (MessagingException e) {
      throw new IOException("imap: polling inbox '" + config.inbox() + "' failed ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }
}
