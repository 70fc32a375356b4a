package at.ozeanlicht.support.core.macros;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a template is rendered with. Any part may be missing; a template that uses a missing value
 * without a fallback fails to render, naming the variable.
 *
 * @param contact the customer, or null
 * @param agent the agent who sends, or null
 * @param conversation the conversation, or null
 * @param channel the conversation's channel, or null
 * @param brand the inbox's brand, or null
 * @param values further values by dotted name: host context ({@code course.module}) and engine
 *     values ({@code survey.link})
 */
public record TemplateContext(
    @Nullable Contact contact,
    @Nullable Agent agent,
    @Nullable Conversation conversation,
    @Nullable ChannelType channel,
    @Nullable Brand brand,
    Map<String, String> values) {
  /** Copies the values. */
  public TemplateContext {
    values = Map.copyOf(values);
  }
}
