package at.ozeanlicht.support.core.api;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The whole content kept beside an inbound message whose body the channel shortened: for e-mail
 * the body holds the new text (quotes and signature stripped), this the complete decoded text and
 * the sanitized HTML part.
 *
 * @param messageId the message
 * @param fullText the whole decoded text (converted from the HTML when the mail had no text part)
 * @param html the HTML part sanitized with jsoup's relaxed safelist, or null if there was none
 */
public record MessageContentView(UUID messageId, String fullText, @Nullable String html) {
  /** Checks for nulls. */
  public MessageContentView {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fullText, "fullText");
  }
}
