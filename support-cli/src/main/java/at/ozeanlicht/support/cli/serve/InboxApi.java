package at.ozeanlicht.support.cli.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP layer needs from the engine for agents, answered as the JSON the API returns.
 * Kept small and separate so that it can move onto a dedicated inbox query facade without
 * touching the routes. Implementations validate their input and throw the engine's {@code
 * SupportException}s (the routes map them to HTTP statuses).
 */
interface InboxApi {
  /**
   * Filters of the conversation list; null (or false) matches everything.
   *
   * @param statuses comma-separated statuses, or null
   * @param assignee an agent handle, {@code none} for unassigned, or null
   * @param kind comma-separated kinds (support, team_chat, dev_ticket), or null
   * @param channel channel type of the conversation's inbox, or null
   * @param priorities comma-separated priorities, or null
   * @param unread only conversations with messages the reading agent has not read
   * @param waiting only conversations whose last word is the customer's
   * @param urgentMinutes only SLA deadlines within this many minutes (or breached), or null
   */
  record ListQuery(@Nullable String statuses, @Nullable String team, @Nullable String assignee,
      @Nullable String inbox, @Nullable String kind, @Nullable String label, int limit,
      @Nullable String cursor, @Nullable String channel, @Nullable String priorities, boolean unread,
      boolean waiting, @Nullable Integer urgentMinutes) {}

  /** The agents of the workspace: {@code [{"id","name","teams","role","availability"}]}. */
  ArrayNode agents();

  /** The agent behind a token: {@code {"id","name",...}}. */
  ObjectNode agent(String handle);

  /**
   * The unified inbox as {@code agent} sees it: {@code {"items":[…],"nextCursor","counts"}}, most
   * recent activity first; each item carries the last message's excerpt and the agent's unread
   * count, {@code counts} the tab counts (open, mine, unassigned, assigned, resolved, byTeam).
   */
  ObjectNode list(String agent, ListQuery query);

  /**
   * One conversation with contact and messages (notes included: agents only); marks it read for
   * {@code agent}.
   */
  ObjectNode thread(String agent, UUID conversationId);

  /** Sends a public reply as {@code agent}; answers the message. */
  ObjectNode reply(UUID conversationId, String agent, String body);

  /** Adds a private note as {@code agent}; answers the message. */
  ObjectNode note(UUID conversationId, String agent, String body);

  /** Assigns (team and/or agent; a null assignee unassigns); answers the conversation. */
  ObjectNode assign(UUID conversationId, String actor, @Nullable String team, @Nullable String assignee);

  /** The canned responses: {@code [{"shortcut","title","languages"}]}. */
  ArrayNode canned();

  /** Renders a canned response or macro for the conversation: {@code [{"action","language","text"}]}. */
  ArrayNode render(UUID conversationId, String agent, String name, @Nullable String language);

  /** The inbox and the customer's channel id, for a conversation on a web chat inbox. */
  Optional<WebRecipient> webRecipient(UUID conversationId);

  /** A web chat visitor. */
  record WebRecipient(String inbox, String recipient) {}
}
