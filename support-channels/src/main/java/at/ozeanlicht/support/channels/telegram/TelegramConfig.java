package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.channels.internal.Configs;

/**
 * Configuration of one Telegram bot (one inbox). Secrets are references ({@code env:NAME} or
 * {@code file:PATH}), resolved when the adapter is created and never logged.
 *
 * @param inbox the workspace inbox, e.g. {@code ol-telegram}
 * @param botToken reference to the bot token from BotFather
 * @param secretToken reference to the {@code secret_token} given to {@code setWebhook}, checked
 *     against the {@code X-Telegram-Bot-Api-Secret-Token} header of every webhook request
 * @param baseUrl the Bot API base URL, {@code https://api.telegram.org} in production
 */
public record TelegramConfig(String inbox, String botToken, String secretToken, String baseUrl) {
  /** The production Bot API. */
  public static final String DEFAULT_BASE_URL = "https://api.telegram.org";

  /** Checks every field, naming it. */
  public TelegramConfig {
    Configs.text(inbox, "inbox");
    Configs.secretReference(botToken, "botToken");
    Configs.secretReference(secretToken, "secretToken");
    baseUrl = Configs.baseUrl(baseUrl, "baseUrl");
  }

  /** A configuration for the production Bot API. */
  public static TelegramConfig of(String inbox, String botToken, String secretToken) {
    return new TelegramConfig(inbox, botToken, secretToken, DEFAULT_BASE_URL);
  }
}
