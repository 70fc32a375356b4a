package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.ChannelType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Command: create or update one contact from another system (one row of a contacts CSV). A
 * contact known by the same channel id is updated: non-null fields replace the stored ones.
 *
 * @param channel the channel the id belongs to
 * @param externalId the contact's id on that channel (phone number, e-mail address, chat id)
 * @param name display name, or null
 * @param email e-mail address, or null
 * @param phone phone number, or null
 * @param language ISO 639-1 code, or null
 * @param vip whether the contact is a VIP
 */
public record ImportContact(
    ChannelType channel, String externalId, @Nullable String name, @Nullable String email,
    @Nullable String phone, @Nullable String language, boolean vip) {
  /** Checks for nulls. */
  public ImportContact {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(externalId, "externalId");
  }
}
