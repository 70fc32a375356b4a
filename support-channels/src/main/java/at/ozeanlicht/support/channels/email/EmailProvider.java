package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;

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
}
