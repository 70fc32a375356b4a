package at.ozeanlicht.support.core.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code workspace.yaml} as written: every field may be missing, enums are still text and numbers
 * are decimals, so that a bad file becomes a list of problems rather than a failed parse. Shape
 * checks are constraints here; value and cross-reference checks live in {@link SpecChecker}.
 *
 * <p>Mutable classes with fields rather than records on purpose: Jackson binds records through
 * their constructor and replays unknown keys from a buffer that has lost the key's path, while
 * field binding reports every unknown key where it stands.
 */
final class WorkspaceSpec {
  @NotBlank(message = Messages.REQUIRED)
  @Nullable String name;

  @NotNull(message = Messages.REQUIRED)
  @Valid
  @Nullable DefaultsSpec defaults;

  @Nullable List<@NotNull(message = Messages.ENTRY) @Valid BrandSpec> brands;
  @Nullable List<@NotNull(message = Messages.ENTRY) @Valid InboxSpec> inboxes;
  @Nullable List<@NotNull(message = Messages.ENTRY) @Valid TeamSpec> teams;
  @Nullable List<@NotNull(message = Messages.ENTRY) @Valid AgentSpec> agents;
  @Nullable List<@NotNull(message = Messages.ENTRY) @Valid LabelSpec> labels;

  /** Constraint messages; the checker appends the bad value. */
  static final class Messages {
    static final String REQUIRED = "is required";
    static final String ENTRY = "must be an entry, was empty";
    static final String SLUG_REGEX = "[a-z0-9][a-z0-9_-]*";
    static final String SLUG = "must be a lower-case slug matching " + SLUG_REGEX;
    static final String LABEL_REGEX = "[\\p{Ll}\\p{N}][\\p{Ll}\\p{N}_-]*";
    static final String LABEL = "must be lower-case without spaces";
    static final String WHOLE = "must be a whole number below one million";

    private Messages() {}
  }

  static final class DefaultsSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Nullable String language;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String zone;
  }

  static final class BrandSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Pattern(regexp = Messages.SLUG_REGEX, message = Messages.SLUG)
    @Nullable String id;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String name;

    @Nullable String language;
  }

  static final class InboxSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Pattern(regexp = Messages.SLUG_REGEX, message = Messages.SLUG)
    @Nullable String id;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String name;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String channel;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String brand;

    @Pattern(regexp = Messages.SLUG_REGEX, message = Messages.SLUG)
    @Nullable String calendar;
  }

  static final class TeamSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Pattern(regexp = Messages.SLUG_REGEX, message = Messages.SLUG)
    @Nullable String id;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String name;

    @Nullable String lead;
  }

  static final class AgentSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Pattern(regexp = Messages.SLUG_REGEX, message = Messages.SLUG)
    @Nullable String id;

    @NotBlank(message = Messages.REQUIRED)
    @Nullable String name;

    @NotEmpty(message = "must list at least one language")
    @Nullable List<@Nullable String> languages;

    @Nullable List<@Nullable String> teams;
    @Nullable String role;

    @Digits(integer = 6, fraction = 0, message = Messages.WHOLE)
    @Min(value = 0, message = "must be at least 0")
    @Nullable BigDecimal seniority;

    @Digits(integer = 6, fraction = 0, message = Messages.WHOLE)
    @Min(value = 1, message = "must be at least 1")
    @Nullable BigDecimal capacity;

    @Nullable String availability;
  }

  static final class LabelSpec {
    @NotBlank(message = Messages.REQUIRED)
    @Pattern(regexp = Messages.LABEL_REGEX, message = Messages.LABEL)
    @Nullable String name;

    @Nullable String description;
  }
}
