package at.ozeanlicht.support.core.sla;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An SLA policy: response and resolution targets for one priority, optionally narrowed to a
 * brand, an inbox or VIP contacts.
 *
 * @param id stable key, e.g. {@code critical}
 * @param priority the priority it applies to
 * @param brand only conversations of this brand, or null for any
 * @param inbox only conversations on this inbox, or null for any
 * @param vip only VIP (true) or only non-VIP (false) contacts, or null for any
 * @param targets target per metric; a metric without a target runs no clock
 * @param businessHours true to count business time of the inbox's calendar, false for 24/7
 * @param warnAt share of the target at which to warn, above 0 and below 1 (default 0.8)
 * @param onWarning actions when a clock warns
 * @param onBreach actions when a clock breaches
 * @param urgent whether breaches page on-call outside business hours
 */
public record SlaPolicy(
    String id,
    Priority priority,
    @Nullable String brand,
    @Nullable String inbox,
    @Nullable Boolean vip,
    Map<SlaMetric, Duration> targets,
    boolean businessHours,
    double warnAt,
    List<EscalationAction> onWarning,
    List<EscalationAction> onBreach,
    boolean urgent) {
  /** The default warning share. */
  public static final double DEFAULT_WARN_AT = 0.8;

  /** Checks nulls and ranges; copies collections. */
  public SlaPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(priority, "priority");
    targets = targets.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(targets));
    if (!(warnAt > 0 && warnAt < 1)) {
      throw new IllegalArgumentException("warnAt: must be above 0 and below 1, was " + warnAt);
    }
    onWarning = List.copyOf(onWarning);
    onBreach = List.copyOf(onBreach);
  }

  /** The target for {@code metric}, if this policy runs a clock for it. */
  public Optional<Duration> target(SlaMetric metric) {
    return Optional.ofNullable(targets.get(metric));
  }

  /** The share of a target after which a warning is due. */
  public Duration warning(Duration target) {
    return Duration.ofNanos((long) (target.toNanos() * warnAt));
  }

  boolean matches(Priority p, String brandId, String inboxId, boolean isVip) {
    return priority == p && (brand == null || brand.equals(brandId))
        && (inbox == null || inbox.equals(inboxId)) && (vip == null || vip == isVip);
  }

  int specificity() {
    return (brand == null ? 0 : 1) + (inbox == null ? 0 : 2) + (vip == null ? 0 : 1);
  }
}
