package at.ozeanlicht.support.cli.serve;

import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.EventListener;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live updates for agents: every committed domain event (ids and statuses only, never bodies:
 * the browser fetches what it shows through the API) plus ephemeral typing signals, fanned out
 * to the open SSE streams of this node. Thread-safe.
 */
final class AgentEvents implements EventListener {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();

  @Override
  public void onEvent(DomainEvent event) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", event.id().toString());
    o.put("type", event.type());
    if (event.conversationId() != null) {
      o.put("conversationId", event.conversationId().toString());
    }
    o.put("occurredAt", event.occurredAt().toString());
    ObjectNode data = o.putObject("data");
    event.data().forEach(data::put);
    publish(o.toString());
  }

  /** Someone is typing in a conversation: an agent (by handle) or the customer. */
  void typing(String conversationId, String who, boolean on) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", on ? "conversation.typing_on" : "conversation.typing_off");
    o.put("conversationId", conversationId);
    o.put("actor", who);
    publish(o.toString());
  }

  /** A web chat visitor (by web channel id) is typing on a web inbox; agents match it to the thread. */
  void visitorTyping(String inbox, String visitor, boolean on) {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", on ? "conversation.typing_on" : "conversation.typing_off");
    o.put("actor", "contact");
    o.put("inbox", inbox);
    o.put("visitor", visitor);
    publish(o.toString());
  }

  SseStream open() {
    SseStream s = new SseStream();
    streams.add(s);
    return s;
  }

  void remove(SseStream s) {
    streams.remove(s);
  }

  int size() {
    return streams.size();
  }

  /** Ends every stream (shutdown). */
  void closeAll() {
    streams.forEach(SseStream::close);
    streams.clear();
  }

  private void publish(String json) {
    streams.removeIf(s -> !s.offer(json));
  }
}
