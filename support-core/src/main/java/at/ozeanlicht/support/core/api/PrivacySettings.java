package at.ozeanlicht.support.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

  /** The workspace file with the privacy settings. */
  public static final String FILE = "privacy.yaml";

  /**
   * The settings of a workspace directory from {@code privacy.yaml}: {@code restricted_teams}
   * (list of team ids), {@code spiritual_team} (team id), {@code retention.after} (ISO-8601
   * duration such as {@code P365D}) and {@code retention.mode} ({@code redact} or {@code delete},
   * default redact). Empty when the file is missing.
   *
   * @throws ValidationException naming every bad field at once (source {@code privacy.yaml})
   */
  public static Optional<PrivacySettings> load(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "", "is not valid YAML: "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse(""))));
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return Optional.of(none());
    }
    if (!root.isObject()) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "",
          "must be a mapping with restricted_teams, spiritual_team, retention")));
    }
    unknownKeys(root, "", Set.of("restricted_teams", "spiritual_team", "retention"), problems);
    Set<String> restricted = new LinkedHashSet<>();
    var teams = root.get("restricted_teams");
    if (teams != null && !teams.isNull()) {
      if (!teams.isArray()) {
        problems.add(new FieldProblem(FILE, "restricted_teams", "must be a list of team ids"));
      } else {
        for (int i = 0; i < teams.size(); i++) {
          var t = teams.get(i);
          if (!t.isTextual() || t.asText().isBlank()) {
            problems.add(new FieldProblem(FILE, "restricted_teams[" + i + "]", "must be a team id, was '" + t.asText() + "'"));
          } else {
            restricted.add(t.asText());
          }
        }
      }
    }
    String spiritual = null;
    var sp = root.get("spiritual_team");
    if (sp != null && !sp.isNull()) {
      if (!sp.isTextual() || sp.asText().isBlank()) {
        problems.add(new FieldProblem(FILE, "spiritual_team", "must be a team id, was '" + sp.asText() + "'"));
      } else {
        spiritual = sp.asText();
      }
    }
    Duration after = null;
    RetentionMode mode = RetentionMode.REDACT;
    var retention = root.get("retention");
    if (retention != null && !retention.isNull()) {
      if (!retention.isObject()) {
        problems.add(new FieldProblem(FILE, "retention", "must be a mapping with after and mode"));
      } else {
        unknownKeys(retention, "retention.", Set.of("after", "mode"), problems);
        var a = retention.get("after");
        if (a == null || a.isNull()) {
          problems.add(new FieldProblem(FILE, "retention.after", "is required, an ISO-8601 duration such as P365D"));
        } else {
          try {
            after = Duration.parse(a.asText());
            if (after.isNegative() || after.isZero()) {
              problems.add(new FieldProblem(FILE, "retention.after", "must be positive, was '" + a.asText() + "'"));
              after = null;
            }
          } catch (DateTimeParseException e) {
            problems.add(new FieldProblem(FILE, "retention.after",
                "must be an ISO-8601 duration such as P365D, was '" + a.asText() + "'"));
          }
        }
        var m = retention.get("mode");
        if (m != null && !m.isNull()) {
          switch (m.asText()) {
            case "redact" -> mode = RetentionMode.REDACT;
            case "delete" -> mode = RetentionMode.DELETE;
            default -> problems.add(new FieldProblem(FILE, "retention.mode",
                "must be one of redact, delete, was '" + m.asText() + "'"));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return Optional.of(new PrivacySettings(restricted, spiritual, after, mode));
  }

  private static void unknownKeys(JsonNode node, String prefix, Set<String> known,
      List<FieldProblem> problems) {
    node.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        problems.add(new FieldProblem(FILE, prefix + k, "unknown key, expected one of "
            + known.stream().sorted().toList()));
      }
    });
  }
}
