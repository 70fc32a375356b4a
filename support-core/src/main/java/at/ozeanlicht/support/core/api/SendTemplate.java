package at.ozeanlicht.support.core.api;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Command: an agent sends an approved message template (WhatsApp), the only kind of message
 * WhatsApp lets through once the 24-hour customer service window has closed. Queued for the
 * channel like a reply; the stored body is {@code {"name":…,"language":…,"parameters":[…]}}.
 *
 * @param conversationId the conversation, on a WhatsApp inbox
 * @param agent the agent handle
 * @param name the template's name as approved, e.g. {@code ticket_update}
 * @param language its language code, e.g. {@code de} or {@code en_US}
 * @param parameters the body parameters {@code {{1}}, {{2}}, …} in order
 */
public record SendTemplate(UUID conversationId, String agent, String name, String language,
    List<String> parameters) {
  /** Checks for nulls; copies the list. */
  public SendTemplate {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(language, "language");
    parameters = List.copyOf(parameters);
  }
}
