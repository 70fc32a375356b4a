package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.internal.Configs;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of one e-mail inbox. Secrets are references ({@code env:NAME} or {@code
 * file:PATH}), resolved when the adapter is created and never logged.
 *
 * @param inbox the workspace inbox, e.g. {@code ol-email}
 * @param host the SMTP host, e.g. {@code smtp.example.test}
 * @param port the SMTP port, 1 to 65535
 * @param username the SMTP user name, or empty for no authentication
 * @param password reference to the SMTP password (ignored without a user name)
 * @param fromAddress the address replies are sent from, e.g. {@code support@example.test}; its
 *     domain is the right-hand side of our {@code Message-ID}s
 * @param replyDomain the domain of {@code reply+<token>@<replyDomain>} addresses, routed to this
 *     inbox
 * @param tokenSecret reference to the key reply tokens are signed with (HMAC-SHA256)
 * @param webhookSecret reference to the key the inbound-mail webhook signs each raw message with:
 *     header {@code X-Support-Signature: sha256=<hex HMAC-SHA256 of the body>}
 * @param imapHost the IMAP host to poll when the mail host has no inbound webhook, or null
 * @param imapPort the IMAP port (993 means implicit TLS), or 0 without IMAP
 */
public record EmailConfig(
    String inbox,
    String host,
    int port,
    String username,
    String password,
    String fromAddress,
    String replyDomain,
    String tokenSecret,
    String webhookSecret,
    @Nullable String imapHost,
    int imapPort) {

  /** Checks every field, naming it; lower-cases the domain and address. */
  public EmailConfig {
    Configs.text(inbox, "inbox");
    Configs.text(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: must be between 1 and 65535, was " + port);
    }
    java.util.Objects.requireNonNull(username, "username");
    Configs.secretReference(password, "password");
    fromAddress = Configs.text(fromAddress, "fromAddress").toLowerCase(Locale.ROOT);
    int at = fromAddress.indexOf('@');
    if (at < 1 || at != fromAddress.lastIndexOf('@') || at == fromAddress.length() - 1) {
      throw new IllegalArgumentException("fromAddress: must be an address local@domain, was '"
          + fromAddress + "'");
    }
    replyDomain = Configs.text(replyDomain, "replyDomain").toLowerCase(Locale.ROOT);
    if (replyDomain.contains("@") || replyDomain.contains(" ")) {
      throw new IllegalArgumentException("replyDomain: must be a domain name, was '" + replyDomain + "'");
    }
    Configs.secretReference(tokenSecret, "tokenSecret");
    Configs.secretReference(webhookSecret, "webhookSecret");
    if (imapHost != null && (imapHost.isBlank() || imapPort < 1 || imapPort > 65535)) {
      throw new IllegalArgumentException("imapPort: must be between 1 and 65535 with an imapHost, was "
          + imapPort);
    }
  }

  /** A configuration without IMAP polling (mail arrives through the webhook). */
  public EmailConfig(String inbox, String host, int port, String username, String password,
      String fromAddress, String replyDomain, String tokenSecret, String webhookSecret) {
    this(inbox, host, port, username, password, fromAddress, replyDomain, tokenSecret,
        webhookSecret, null, 0);
  }

  /** The domain of {@link #fromAddress()}. */
  public String fromDomain() {
    return fromAddress.substring(fromAddress.indexOf('@') + 1);
  }
}
