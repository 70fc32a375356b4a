package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Everything routing looks at: the message, the contact, the conversation as it is, the time and
 * what an analyzer found. Build with {@link #of(String, Instant)} and the {@code with…} methods.
 *
 * @param text the message body
 * @param at when the message arrived (for business hours)
 * @param trigger what made routing run
 * @param channel the channel, or null when unknown
 * @param inbox the inbox id, or null
 * @param brand the brand id, or null
 * @param vip whether the contact is a VIP
 * @param contactLanguage the contact's known language, or null
 * @param contactAttributes the contact's custom attributes
 * @param priority the conversation's current priority
 * @param labels the conversation's current labels
 * @param analysis what an analyzer found, or null when none ran (keywords only)
 */
public record RoutingInput(
    String text,
    Instant at,
    Trigger trigger,
    @Nullable ChannelType channel,
    @Nullable String inbox,
    @Nullable String brand,
    boolean vip,
    @Nullable String contactLanguage,
    Map<String, String> contactAttributes,
    Priority priority,
    Set<String> labels,
    @Nullable MessageAnalysis analysis) {
  /** Checks for nulls; copies collections. */
  public RoutingInput {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(trigger, "trigger");
    contactAttributes = Map.copyOf(contactAttributes);
    Objects.requireNonNull(priority, "priority");
    labels = Set.copyOf(labels);
  }

  /** A new message at {@code at}, nothing else known. */
  public static RoutingInput of(String text, Instant at) {
    return new RoutingInput(text, at, Trigger.MESSAGE_RECEIVED, null, null, null, false, null,
        Map.of(), Priority.NORMAL, Set.of(), null);
  }

  /** With another trigger. */
  public RoutingInput withTrigger(Trigger t) {
    return new RoutingInput(text, at, t, channel, inbox, brand, vip, contactLanguage,
        contactAttributes, priority, labels, analysis);
  }

  /** With a channel. */
  public RoutingInput withChannel(@Nullable ChannelType c) {
    return new RoutingInput(text, at, trigger, c, inbox, brand, vip, contactLanguage,
        contactAttributes, priority, labels, analysis);
  }

  /** With inbox and brand. */
  public RoutingInput withInbox(@Nullable String i, @Nullable String b) {
    return new RoutingInput(text, at, trigger, channel, i, b, vip, contactLanguage,
        contactAttributes, priority, labels, analysis);
  }

  /** With contact facts. */
  public RoutingInput withContact(boolean isVip, @Nullable String language, Map<String, String> attributes) {
    return new RoutingInput(text, at, trigger, channel, inbox, brand, isVip, language, attributes,
        priority, labels, analysis);
  }

  /** With the conversation's current priority and labels. */
  public RoutingInput withConversation(Priority p, Set<String> l) {
    return new RoutingInput(text, at, trigger, channel, inbox, brand, vip, contactLanguage,
        contactAttributes, p, l, analysis);
  }

  /** With an analysis. */
  public RoutingInput withAnalysis(@Nullable MessageAnalysis a) {
    return new RoutingInput(text, at, trigger, channel, inbox, brand, vip, contactLanguage,
        contactAttributes, priority, labels, a);
  }
}
