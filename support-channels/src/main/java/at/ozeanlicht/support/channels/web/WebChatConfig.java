package at.ozeanlicht.support.channels.web;

import at.ozeanlicht.support.channels.internal.Configs;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of one website chat widget (one inbox). Secrets are references ({@code env:NAME}
 * or {@code file:PATH}), resolved when the adapter is created and never logged.
 *
 * @param inbox the workspace inbox, e.g. {@code ol-web}
 * @param websiteToken the public token embedded in the page ({@code ?website_token=}); not a secret
 * @param sessionKey reference to the server key that signs session tokens (HS256)
 * @param hmacToken reference to the key the host signs user identifiers with; never sent to browsers
 * @param hmacMandatory whether identify calls without a valid {@code identifierHash} are refused
 * @param allowedOrigins origins that may embed the widget ({@code https://shop.example.test});
 *     empty allows every origin
 * @param quickActions the pre-chat quick actions shown before the first message
 * @param sessionTtl how long a session token stays valid
 * @param continuityViaEmail the e-mail inbox that sends replies to visitors who are offline (no
 *     open widget) and left an e-mail address, or null to keep them in the chat history only
 */
public record WebChatConfig(
    String inbox,
    String websiteToken,
    String sessionKey,
    String hmacToken,
    boolean hmacMandatory,
    List<String> allowedOrigins,
    List<String> quickActions,
    Duration sessionTtl,
    @Nullable String continuityViaEmail) {
  /** The default pre-chat quick actions. */
  public static final List<String> DEFAULT_QUICK_ACTIONS =
      List.of("Kurszugang", "Zahlung", "Technisches Problem", "Etwas anderes…");
  /** How long session tokens stay valid unless configured. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofDays(30);

  /** Checks every field, naming it; copies the lists. */
  public WebChatConfig {
    Configs.text(inbox, "inbox");
    if (!Configs.text(websiteToken, "websiteToken").matches("[A-Za-z0-9_-]{8,128}")) {
      throw new IllegalArgumentException("websiteToken: must be 8 to 128 letters, digits, '-' or '_'");
    }
    Configs.secretReference(sessionKey, "sessionKey");
    Configs.secretReference(hmacToken, "hmacToken");
    allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
    for (String o : allowedOrigins) {
      Configs.baseUrl(o, "allowedOrigins");
    }
    quickActions = List.copyOf(Objects.requireNonNull(quickActions, "quickActions"));
    for (String q : quickActions) {
      Configs.text(q, "quickActions");
    }
    Objects.requireNonNull(sessionTtl, "sessionTtl");
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new IllegalArgumentException("sessionTtl: must be positive, was " + sessionTtl);
    }
    if (continuityViaEmail != null) {
      Configs.text(continuityViaEmail, "continuityViaEmail");
    }
  }

  /** A widget without continuity via e-mail. */
  public WebChatConfig(String inbox, String websiteToken, String sessionKey, String hmacToken,
      boolean hmacMandatory, List<String> allowedOrigins, List<String> quickActions,
      Duration sessionTtl) {
    this(inbox, websiteToken, sessionKey, hmacToken, hmacMandatory, allowedOrigins, quickActions,
        sessionTtl, null);
  }

  /** A widget with identity validation optional, any origin, the default quick actions and TTL. */
  public static WebChatConfig of(String inbox, String websiteToken, String sessionKey, String hmacToken) {
    return new WebChatConfig(inbox, websiteToken, sessionKey, hmacToken, false, List.of(),
        DEFAULT_QUICK_ACTIONS, DEFAULT_SESSION_TTL);
  }
}
