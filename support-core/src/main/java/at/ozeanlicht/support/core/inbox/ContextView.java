package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The customer context beside a conversation: what the library knows, merged with the host's
 * {@link at.ozeanlicht.support.core.spi.ContextProvider} values.
 *
 * @param conversationId the conversation the context is for
 * @param contact the customer, or null for team chat and dev tickets
 * @param memberSince when the contact was first seen, or null
 * @param zone the contact's time zone (contact attribute {@code timezone}), else the workspace's
 * @param previous earlier conversations of the contact, newest first, with their outcome
 * @param notes agents' notes about the contact, newest first
 * @param host the host's values by dotted name (course progress, enrolments, payments ...);
 *     empty without a provider or when it failed
 */
public record ContextView(
    UUID conversationId,
    @Nullable Contact contact,
    @Nullable Instant memberSince,
    ZoneId zone,
    List<Previous> previous,
    List<ContactNote> notes,
    Map<String, String> host) {
  /** Checks for nulls; copies collections. */
  public ContextView {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(zone, "zone");
    previous = List.copyOf(previous);
    notes = List.copyOf(notes);
    host = Map.copyOf(host);
  }

  /**
   * An earlier conversation of the same contact.
   *
   * @param id conversation id
   * @param number its number
   * @param status its status now
   * @param createdAt opened
   * @param resolvedAt resolved, or null
   * @param labels its labels (the outcome as tagged)
   * @param csatRating the customer's rating 1..5, or null
   */
  public record Previous(UUID id, long number, Status status, Instant createdAt,
      @Nullable Instant resolvedAt, Set<String> labels, @Nullable Integer csatRating) {
    /** Copies the labels. */
    public Previous {
      labels = Set.copyOf(labels);
    }
  }

  /**
   * A note about the contact.
   *
   * @param id note id
   * @param author agent handle
   * @param body the text
   * @param createdAt when written
   */
  public record ContactNote(UUID id, String author, String body, Instant createdAt) {
    /** Checks for nulls. */
    public ContactNote {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(createdAt, "createdAt");
    }
  }
}
