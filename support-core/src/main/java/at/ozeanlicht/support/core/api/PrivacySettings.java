package at.ozeanlicht.support.core.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Workspace privacy settings: who may see which conversations and how long resolved ones are
 * kept. The CLI reads them from {@code privacy.yaml} in the workspace directory; a host passes
 * them to {@link SupportEngine.Builder#privacy}. The default restricts nothing and keeps
 * everything.
 *
 * @param restrictedTeams teams whose conversations only their members (and the assignee) may read
 *     or change
 * @param spiritualTeam when set, spiritual conversations (in this team or labelled
 *     {@code spiritual-personal}) are visible to members of this team only
 * @param retention age after resolution at which {@code tick} applies {@code retentionMode}, or
 *     null to keep conversations forever
 * @param retentionMode what happens to a conversation past its retention
 */
public record PrivacySettings(
    Set<String> restrictedTeams,
    @Nullable String spiritualTeam,
    @Nullable Duration retention,
    RetentionMode retentionMode) {

  /** What {@code tick} does with resolved conversations older than the retention. */
  public enum RetentionMode {
    /** Message texts, attachment metadata, CSAT comments and KB gap questions are replaced; rows, kinds and times stay for reports. */
    REDACT,
    /** The conversation and everything hanging off it is deleted. */
    DELETE
  }

  /** The label that marks a conversation as a personal spiritual matter. */
  public static final String SPIRITUAL_LABEL = "spiritual-personal";

  /** Checks nulls and ranges; copies the set. */
  public PrivacySettings {
    restrictedTeams = Set.copyOf(restrictedTeams);
    Objects.requireNonNull(retentionMode, "retentionMode");
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("retention: must be positive, was " + retention);
    }
  }

  /** No restrictions, no retention. */
  public static PrivacySettings none() {
    return new PrivacySettings(Set.of(), null, null, RetentionMode.REDACT);
  }
}
