package at.ozeanlicht.support.channels.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * A message with a {@code Message-ID} of our choosing: Jakarta Mail replaces any set header in
 * {@code saveChanges()}, so the id is set in {@link #updateMessageID()}. Every attempt of an
 * outbox row carries the same id, which lets the receiver (and we, on a bounce) recognise it.
 */
final class OutgoingMail extends MimeMessage {
  private final String messageId;

  OutgoingMail(Session session, String messageId) {
    super(session);
    this.messageId = messageId;
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", messageId);
  }
}
