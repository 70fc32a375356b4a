package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.channels.internal.Configs;

/**
 * Configuration of one WhatsApp business number (one inbox). Secrets are references ({@code
 * env:NAME} or {@code file:PATH}), resolved when the adapter is created and never logged.
 *
 * @param inbox the workspace inbox, e.g. {@code ol-whatsapp}
 * @param phoneNumberId Meta's {@code phone_number_id} of the business number; deliveries for
 *     other numbers are ignored
 * @param appSecret reference to the App Secret that signs webhooks ({@code X-Hub-Signature-256})
 * @param accessToken reference to the access token for sending
 * @param verifyToken reference to the verify token typed into the app dashboard (GET handshake)
 * @param baseUrl the Graph API base URL, {@code https://graph.facebook.com} in production
 * @param apiVersion the Graph API version, e.g. {@code v21.0}
 */
public record WhatsAppConfig(
    String inbox,
    String phoneNumberId,
    String appSecret,
    String accessToken,
    String verifyToken,
    String baseUrl,
    String apiVersion) {
  /** The production Graph API. */
  public static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  /** The Graph API version used unless configured. */
  public static final String DEFAULT_API_VERSION = "v21.0";

  /** Checks every field, naming it. */
  public WhatsAppConfig {
    Configs.text(inbox, "inbox");
    Configs.text(phoneNumberId, "phoneNumberId");
    Configs.secretReference(appSecret, "appSecret");
    Configs.secretReference(accessToken, "accessToken");
    Configs.secretReference(verifyToken, "verifyToken");
    baseUrl = Configs.baseUrl(baseUrl, "baseUrl");
    if (!Configs.text(apiVersion, "apiVersion").matches("v\\d+\\.\\d+")) {
      throw new IllegalArgumentException("apiVersion: must look like v21.0, was '" + apiVersion + "'");
    }
  }

  /** A configuration for the production Graph API at the default version. */
  public static WhatsAppConfig of(String inbox, String phoneNumberId, String appSecret,
      String accessToken, String verifyToken) {
    return new WhatsAppConfig(inbox, phoneNumberId, appSecret, accessToken, verifyToken,
        DEFAULT_BASE_URL, DEFAULT_API_VERSION);
  }
}
