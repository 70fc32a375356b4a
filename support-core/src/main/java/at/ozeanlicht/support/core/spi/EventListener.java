package at.ozeanlicht.support.core.spi;

/**
 * Receives domain events after their transaction committed. Called on the thread that made the
 * change; a listener that throws is logged once at WARN and does not undo the change. Events are
 * also kept in the outbox table, so a host that needs at-least-once delivery reads them there.
 */
@FunctionalInterface
public interface EventListener {
  /** Handles one committed event. */
  void onEvent(DomainEvent event);
}
