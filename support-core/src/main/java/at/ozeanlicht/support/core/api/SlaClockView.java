package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.spi.SlaClock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An open SLA clock as {@code support sla status} shows it.
 *
 * @param clock the clock
 * @param conversationNumber the conversation's short number
 * @param remaining business time left at the moment asked for; negative when overdue; null when
 *     the clock's calendar is unknown to the engine's workspace
 */
public record SlaClockView(SlaClock clock, long conversationNumber, @Nullable Duration remaining) {
  /** Checks for nulls. */
  public SlaClockView {
    Objects.requireNonNull(clock, "clock");
  }
}
