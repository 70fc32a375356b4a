package at.ozeanlicht.support.core.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * How far one reader has read a conversation.
 *
 * @param reader agent handle (or service name)
 * @param lastReadSeq the sequence number of the newest message the reader has seen
 * @param readAt when the reader last marked it read
 */
public record ReadReceipt(String reader, long lastReadSeq, Instant readAt) {
  /** Checks for nulls. */
  public ReadReceipt {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(readAt, "readAt");
  }
}
