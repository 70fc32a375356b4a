package at.ozeanlicht.support.core.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who an inbound message came from, as the channel knows them.
 *
 * @param externalId the contact's id on the channel (phone number, Telegram user id, address)
 * @param name display name, or null
 * @param email e-mail address, or null
 * @param phone phone number, or null
 * @param language language (ISO 639-1) if the channel tells, or null
 */
public record InboundContact(
    String externalId,
    @Nullable String name,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String language) {
  /** Checks for nulls. */
  public InboundContact {
    Objects.requireNonNull(externalId, "externalId");
  }

  /** A contact known only by its channel id. */
  public static InboundContact of(String externalId) {
    return new InboundContact(externalId, null, null, null, null);
  }
}
