package at.ozeanlicht.support.channels.web;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Creates web chat widget adapters ({@code web}); the ServiceLoader entry of this package. Unlike
 * other providers it keeps one piece of state: the registry of this node's browser streams, so a
 * host that serves streams registers its own instance explicitly ({@code
 * SupportEngine.builder().channelProvider(webChat)}) and subscribes through it. Thread-safe.
 */
public final class WebChatProvider implements ChannelAdapterProvider<WebChatConfig> {
  private final Subscribers subscribers = new Subscribers();
  private final Map<String, WebChatChannel> byInbox = new ConcurrentHashMap<>();

  /** For ServiceLoader, and for hosts. */
  public WebChatProvider() {}

  @Override
  public String type() {
    return "web";
  }

  @Override
  public Class<WebChatConfig> configType() {
    return WebChatConfig.class;
  }

  @Override
  public String inbox(WebChatConfig config) {
    return config.inbox();
  }

  @Override
  public ChannelAdapter create(WebChatConfig config, ChannelContext context) {
    WebChatChannel channel = new WebChatChannel(config,
        context.secrets().resolve("sessionKey", config.sessionKey()),
        context.secrets().resolve("hmacToken", config.hmacToken()),
        context.clock(), context.presence(), subscribers);
    byInbox.put(config.inbox(), channel);
    return channel;
  }

  /**
   * Subscribes a browser's stream: {@code events} receives each event for the session's contact as
   * one JSON text ({@code message.created}, {@code conversation.typing_on/off}), on the thread that
   * dispatches, so it must not block (hand it to the socket's own queue). A consumer that throws is
   * dropped.
   *
   * @return the way to unsubscribe, or empty if the inbox has no web adapter of this provider or
   *     the session token is not valid
   */
  public Optional<Runnable> subscribe(String inbox, String sessionToken, Consumer<String> events) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    Objects.requireNonNull(events, "events");
    WebChatChannel channel = byInbox.get(Objects.requireNonNull(inbox, "inbox"));
    return channel == null ? Optional.empty() : channel.subscribe(sessionToken, events);
  }

  /**
   * The visitor a valid session token belongs to: the contact's web channel id (what agents see
   * as the contact's {@code web} id and what {@link #agentTyping} takes), e.g. to show agents
   * that this visitor is typing.
   *
   * @return empty if the inbox has no web adapter of this provider or the token is not valid
   */
  public Optional<String> visitor(String inbox, String sessionToken) {
    Objects.requireNonNull(sessionToken, "sessionToken");
    WebChatChannel channel = byInbox.get(Objects.requireNonNull(inbox, "inbox"));
    return channel == null ? Optional.empty() : channel.visitor(sessionToken);
  }

  /**
   * Tells the visitor {@code recipient} (the contact's web channel id) that an agent started or
   * stopped typing. Ephemeral: not stored. Returns how many streams received it.
   */
  public int agentTyping(String inbox, String recipient, boolean on) {
    WebChatChannel channel = byInbox.get(Objects.requireNonNull(inbox, "inbox"));
    return channel == null ? 0 : channel.agentTyping(Objects.requireNonNull(recipient, "recipient"), on);
  }
}
