package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;

/**
 * Creates Telegram Bot API adapters ({@code telegram}); the ServiceLoader entry of this package.
 * Stateless and thread-safe.
 */
public final class TelegramProvider implements ChannelAdapterProvider<TelegramConfig> {
  /** For ServiceLoader. */
  public TelegramProvider() {}

  @Override
  public String type() {
    return "telegram";
  }

  @Override
  public Class<TelegramConfig> configType() {
    return TelegramConfig.class;
  }

  @Override
  public String inbox(TelegramConfig config) {
    return config.inbox();
  }

  @Override
  public ChannelAdapter create(TelegramConfig config, ChannelContext context) {
    return new TelegramBotChannel(config,
        context.secrets().resolve("botToken", config.botToken()),
        context.secrets().resolve("secretToken", config.secretToken()),
        context.httpClient());
  }
}
