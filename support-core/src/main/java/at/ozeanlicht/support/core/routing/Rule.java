package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** One compiled rule of {@code routing.yaml}. */
record Rule(
    String name, Set<Trigger> on, @Nullable Duration after, Condition when, Actions then, boolean stop) {

  /** The {@code then} part. Null and empty mean "leave as is". */
  record Actions(
      @Nullable String team,
      @Nullable Priority priority,
      List<String> labels,
      @Nullable String assign,
      @Nullable Boolean aiAllowed,
      @Nullable String reply,
      List<String> notifyTargets,
      @Nullable String escalation) {}
}
