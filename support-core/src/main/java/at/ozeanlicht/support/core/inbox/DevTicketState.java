package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.Wire;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life cycle of a dev ticket, beside its conversation status:
 *
 * <pre>
 * new -> triaged -> in_progress -> done
 *   \________\___________\-------> wont_fix
 * </pre>
 *
 * A finished ticket ({@code done}, {@code wont_fix}) may be reopened to {@code triaged}. Moving
 * to a finished state resolves the conversation; reopening opens it again.
 */
public enum DevTicketState implements Wire {
  /** Filed, nobody from dev has looked at it. */
  NEW,
  /** Looked at, reproduced or scheduled. */
  TRIAGED,
  /** Being worked on. */
  IN_PROGRESS,
  /** Fixed or delivered. */
  DONE,
  /** Not going to be done; the reason goes into a note. */
  WONT_FIX;

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the ticket is finished. */
  public boolean finished() {
    return this == DONE || this == WONT_FIX;
  }

  /** The states this one may move to. */
  public Set<DevTicketState> next() {
    return switch (this) {
      case NEW -> EnumSet.of(TRIAGED, IN_PROGRESS, WONT_FIX);
      case TRIAGED -> EnumSet.of(IN_PROGRESS, DONE, WONT_FIX);
      case IN_PROGRESS -> EnumSet.of(TRIAGED, DONE, WONT_FIX);
      case DONE, WONT_FIX -> EnumSet.of(TRIAGED);
    };
  }
}
