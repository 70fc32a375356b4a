package at.ozeanlicht.support.core.spi;

/**
 * Port: tells people about SLA warnings and breaches and about routing rules' {@code notify}
 * actions (team chat, e-mail, a pager for on-call). The engine calls it after the transaction that
 * released the notification has committed, so each notification is handed over at most once; a
 * notifier that throws is logged (id only) and not retried. Register one with {@code SupportEngine.Builder#notifier}.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Notifier {
  /** Delivers one notification; {@link SlaNotification#onCall()} asks for on-call paging. */
  void notify(SlaNotification notification);

  /**
   * Delivers a routing rule's {@code notify} action; {@link RoutingNotification#onCall()} asks for
   * on-call paging. The default drops it, so SLA-only notifiers keep working.
   */
  default void notify(RoutingNotification notification) {}
}
