package at.ozeanlicht.support.core.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * How satisfaction surveys are sent. Without settings the engine sends none.
 *
 * <p>On resolve, a support conversation gets one survey per resolution unless its contact opted
 * out (contact attribute {@code csatOptOut} = {@code true}): web and e-mail conversations a
 * signed link ({@code linkBase?token=…}, HMAC-SHA256 with {@code secret}, valid for {@code
 * linkValidity}) that the host's page turns into {@link SupportEngine#submitCsat}; WhatsApp and
 * Telegram conversations a question answered with 1–5, stars or emoji within {@code
 * replyWindow}. The texts are the workspace's canned responses {@code /csat-link} and {@code
 * /csat-reply} (built-in texts otherwise).
 *
 * @param secret the HMAC key, at least 32 characters; never logged or printed
 * @param linkBase the page that receives ratings, e.g. {@code https://ozean-licht.at/feedback}
 * @param linkValidity how long a link can be used, positive
 * @param replyWindow how long a chat reply counts as a rating, positive
 */
public record CsatSettings(String secret, URI linkBase, Duration linkValidity, Duration replyWindow) {
  /** Seven days for links, three days for chat replies. */
  public static final Duration DEFAULT_LINK_VALIDITY = Duration.ofDays(7);
  /** How long a chat reply counts as a rating by default. */
  public static final Duration DEFAULT_REPLY_WINDOW = Duration.ofDays(3);

  /** Checks the values; never shows the secret in a message. */
  public CsatSettings {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(linkBase, "linkBase");
    Objects.requireNonNull(linkValidity, "linkValidity");
    Objects.requireNonNull(replyWindow, "replyWindow");
    if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new IllegalArgumentException("secret: must be at least 32 characters, was "
          + secret.length() + " characters (value not shown)");
    }
    if (!"https".equals(linkBase.getScheme()) && !"http".equals(linkBase.getScheme())) {
      throw new IllegalArgumentException("linkBase: must be an http(s) URL, was '" + linkBase + "'");
    }
    if (linkValidity.isNegative() || linkValidity.isZero()) {
      throw new IllegalArgumentException("linkValidity: must be positive, was " + linkValidity);
    }
    if (replyWindow.isNegative() || replyWindow.isZero()) {
      throw new IllegalArgumentException("replyWindow: must be positive, was " + replyWindow);
    }
  }

  /** Settings with the default validity and reply window. */
  public static CsatSettings of(String secret, URI linkBase) {
    return new CsatSettings(secret, linkBase, DEFAULT_LINK_VALIDITY, DEFAULT_REPLY_WINDOW);
  }

  /** Shows everything but the secret. */
  @Override
  public String toString() {
    return "CsatSettings[secret=***, linkBase=" + linkBase + ", linkValidity=" + linkValidity
        + ", replyWindow=" + replyWindow + "]";
  }
}
