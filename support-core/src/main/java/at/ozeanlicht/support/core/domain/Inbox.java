package at.ozeanlicht.support.core.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One channel endpoint that conversations arrive through, e.g. the Ozean Licht WhatsApp number.
 *
 * @param id stable key, e.g. {@code ol-whatsapp}
 * @param name display name
 * @param channel the channel type
 * @param brand the brand id
 * @param calendar the business-hours calendar id, or null for the workspace default
 */
public record Inbox(String id, String name, ChannelType channel, String brand, @Nullable String calendar) {
  /** Checks for nulls and blanks. */
  public Inbox {
    Checks.text(id, "id");
    Checks.text(name, "name");
    Objects.requireNonNull(channel, "channel");
    Checks.text(brand, "brand");
  }
}
