package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.SecretResolver;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;

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

  /**
   * Long polling instead of the webhook: fetches new updates once with {@code getUpdates} and
   * stores them through {@code engine}'s webhook path for the inbox (verified, deduplicated,
   * callbacks answered, like a pushed update). Call it in a loop or from the host's scheduler,
   * one caller per bot at a time; it only works while the bot has no webhook set. The next {@code
   * offset} is kept in {@code stateFile} and written only after the batch is stored, so a restart
   * neither loses nor stores an update twice.
   *
   * @param longPoll how long Telegram may hold the request open when there is nothing new (0 to
   *     50 s; 0 is a short poll)
   * @return how many new messages were stored (at most 100 updates per call; 0 while Telegram's
   *     {@code retry_after} runs, by the engine's clock)
   * @throws at.ozeanlicht.support.core.api.ConfigurationException if a secret is missing, the
   *     bot token is refused or a webhook is set
   * @throws IOException if Telegram or the state file cannot be read (try again later; what was
   *     stored stays stored)
   */
  public static int pollUpdates(SupportEngine engine, TelegramConfig config, SecretResolver secrets,
      HttpClient http, Path stateFile, Duration longPoll) throws IOException {
    return new TelegramPoller(engine, config, secrets.resolve("botToken", config.botToken()),
        secrets.resolve("secretToken", config.secretToken()), http, stateFile, longPoll).poll();
  }
}
