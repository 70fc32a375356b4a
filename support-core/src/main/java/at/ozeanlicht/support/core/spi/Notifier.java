package at.ozeanlicht.support.core.spi;

/**
 * Port: tells people about SLA warnings and breaches (team chat, e-mail, a pager for on-call).
 * The engine calls it from {@code tick(now)} after the transaction that released the notification
 * has committed, so each notification is handed over at most once; a notifier that throws is
 * logged (id only) and not retried. Register one with {@code SupportEngine.Builder#notifier}.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Notifier {
  /** Delivers one notification; {@link SlaNotification#onCall()} asks for on-call paging. */
  void notify(SlaNotification notification);
}
