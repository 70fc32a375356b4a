package at.ozeanlicht.support.channels.web;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The browsers of one node listening for events, by contact key. Thread-safe. */
final class Subscribers {
  private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

  private final Map<String, Set<Consumer<String>>> byContact = new ConcurrentHashMap<>();

  Runnable add(String contactKey, Consumer<String> events) {
    byContact.computeIfAbsent(contactKey, k -> ConcurrentHashMap.newKeySet()).add(events);
    return () -> remove(contactKey, events);
  }

  private void remove(String contactKey, Consumer<String> events) {
    byContact.computeIfPresent(contactKey, (k, set) -> {
      set.remove(events);
      return set.isEmpty() ? null : set;
    });
  }

  /** Hands {@code json} to every subscriber of the contact; returns how many took it. */
  int publish(String inbox, String contactKey, String json) {
    Set<Consumer<String>> set = byContact.get(contactKey);
    if (set == null) {
      return 0;
    }
    int n = 0;
    for (Consumer<String> s : set) {
      try {
        s.accept(json);
        n++;
      } catch (RuntimeException e) {
        // A closed socket: drop the subscriber; the browser fetches history on reconnect.
        LOG.warn("web chat subscriber on inbox {} failed ({}); removed", inbox, e.getClass().getName());
        remove(contactKey, s);
      }
    }
    return n;
  }
}
