package at.ozeanlicht.support.core.workspace;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code macros.yaml} as written; every field may be missing so that a bad file becomes a list of
 * problems. Checked by {@link MacrosChecker}. Field classes rather than records, as in {@link
 * WorkspaceSpec}, so unknown keys are reported where they stand.
 */
final class MacrosSpec {
  @Nullable Map<String, @Nullable List<@Nullable String>> context;
  @Nullable List<@Nullable CannedSpec> canned;
  @Nullable List<@Nullable MacroSpec> macros;

  static final class CannedSpec {
    @Nullable String shortcut;
    @Nullable String title;
    @Nullable Map<String, @Nullable String> text;
  }

  static final class MacroSpec {
    @Nullable String name;
    @Nullable String description;
    @Nullable List<@Nullable ActionSpec> actions;
  }

  /** One action: exactly one of the fields is set. */
  static final class ActionSpec {
    @Nullable String send;
    @Nullable List<@Nullable String> addLabels;
    @Nullable List<@Nullable String> removeLabels;
    @Nullable String team;
    @Nullable String agent;
    @Nullable String priority;
    @Nullable String status;
    @Nullable String note;
    @Nullable String snooze;
    @Nullable String escalate;
  }
}
