package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message to route offline, as the CLI and the test kit take it.
 *
 * @param id the caller's id for the message (echoed in results)
 * @param text the message
 * @param channel the channel, or null
 * @param inbox the inbox id (gives the brand), or null
 * @param vip whether the contact is a VIP
 * @param language the contact's known language, or null
 * @param at when it arrived
 */
public record RouteRequest(
    String id,
    String text,
    @Nullable ChannelType channel,
    @Nullable String inbox,
    boolean vip,
    @Nullable String language,
    Instant at) {
  /** A Tuesday, 10:00 UTC: inside the default business hours; used when a case names no time. */
  public static final Instant DEFAULT_AT = Instant.parse("2026-11-24T10:00:00Z");

  /** Checks for nulls. */
  public RouteRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
  }

  /** The routing input for a fresh conversation, analyzed by {@code analyzer} when given. */
  public RoutingInput toInput(Workspace workspace, @Nullable MessageAnalyzer analyzer) {
    Inbox in = inbox == null ? null : workspace.inbox(inbox).orElse(null);
    ChannelType ch = channel != null ? channel : in == null ? null : in.channel();
    MessageAnalysis analysis = analyzer == null ? null : analyzer.analyze(text, language);
    return RoutingInput.of(text, at).withTrigger(Trigger.CONVERSATION_CREATED).withChannel(ch)
        .withInbox(inbox, in == null ? null : in.brand())
        .withContact(vip, language, Map.of()).withAnalysis(analysis);
  }
}
