package at.ozeanlicht.support.core.api;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Command: change what the team knows about a contact: VIP flag and custom attributes (for
 * example {@link SupportEngine#CSAT_OPT_OUT} = {@code true} to send no more surveys).
 *
 * @param contactId the contact
 * @param vip the new VIP flag, or null to keep it
 * @param set attributes to set (key to value)
 * @param unset attribute keys to remove
 * @param actor who did it (an agent handle), or null for the system
 */
public record UpdateContact(
    UUID contactId, @Nullable Boolean vip, Map<String, String> set, Set<String> unset, @Nullable String actor) {
  /** Checks for nulls; copies collections. */
  public UpdateContact {
    Objects.requireNonNull(contactId, "contactId");
    set = Map.copyOf(set);
    unset = Set.copyOf(unset);
  }
}
