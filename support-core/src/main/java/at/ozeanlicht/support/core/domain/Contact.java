package at.ozeanlicht.support.core.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A customer. One contact may be known on several channels.
 *
 * @param id the contact's id
 * @param externalIds the contact's id on each channel it wrote from (phone number on WhatsApp,
 *     user id on Telegram, address on email, session identifier on web)
 * @param name display name, or null when unknown
 * @param email e-mail address, or null
 * @param phone phone number, or null
 * @param language preferred language (ISO 639-1), or null when unknown
 * @param vip whether the contact gets VIP handling
 * @param attributes custom attributes
 * @param createdAt when the contact was first seen
 */
public record Contact(
    UUID id,
    Map<ChannelType, String> externalIds,
    @Nullable String name,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String language,
    boolean vip,
    Map<String, String> attributes,
    Instant createdAt) {
  /** Checks for nulls; copies the maps. */
  public Contact {
    Objects.requireNonNull(id, "id");
    externalIds = Map.copyOf(externalIds);
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
