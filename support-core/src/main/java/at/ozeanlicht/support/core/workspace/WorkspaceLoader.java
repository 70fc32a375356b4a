package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.macros.MacroCatalog;
import at.ozeanlicht.support.core.sla.SlaConfig;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Loads a workspace directory (config as code) into a validated {@link Workspace}.
 *
 * <p>Reads {@code workspace.yaml} from the directory: the workspace {@code name}, {@code defaults}
 * ({@code language}, {@code zone}) and the lists {@code brands}, {@code inboxes}, {@code teams},
 * {@code agents} and {@code labels}; see {@code examples/ozean-licht/workspace.yaml} for a complete
 * one. A missing list is an empty list. Agent defaults: role {@code agent}, seniority 0, capacity
 * 10, availability {@code offline}; a brand without a language takes the workspace default. Enum
 * values (channel, role, availability) are matched by wire name, ignoring case.
 *
 * <p>An optional {@code macros.yaml} beside it holds canned responses ({@code canned}), macros
 * ({@code macros}) and the host context variables their templates may use ({@code context}); see
 * {@link at.ozeanlicht.support.core.macros.Templates} for the template language. It is checked
 * against the loaded workspace: every template against the known variables, every shortcut,
 * team, agent and label a macro names. Its problems have the source {@code macros.yaml}.
 * <p>An optional {@code sla.yaml} beside it holds business calendars and SLA policies (see
 * {@code examples/ozean-licht/sla.yaml}); an inbox's {@code calendar} must name one of its
 * calendars.
 *
 * <p>Every problem in the file is reported at once: syntax errors (with line and column), unknown
 * keys, wrong types, missing fields, malformed ids, languages and zones, duplicate ids and
 * references to brands, teams or agents that do not exist. Each problem names the file as its
 * source and a field path such as {@code inboxes[2].channel}.
 *
 * <p>Stateless and thread-safe.
 */
public final class WorkspaceLoader {
  /** The file read from a workspace directory. */
  static final String WORKSPACE_FILE = "workspace.yaml";
  /** The optional file with canned responses and macros, beside {@link #WORKSPACE_FILE}. */
  static final String MACROS_FILE = "macros.yaml";
  /** The optional SLA file beside it. */
  static final String SLA_FILE = "sla.yaml";

  private WorkspaceLoader() {}

  /**
   * Loads and validates the workspace in {@code dir}.
   *
   * @param dir the workspace directory, holding {@code workspace.yaml}; not null
   * @return the validated workspace
   * @throws ValidationException listing every problem found, each with source {@code
   *     workspace.yaml}, the field path and what was wrong; also when the directory or file is
   *     missing or cannot be read
   */
  public static Workspace load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw fileProblem("file not found: directory '" + dir + "' does not exist");
    }
    Path file = dir.resolve(WORKSPACE_FILE);
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem("file not found in directory '" + dir + "'");
    } catch (CharacterCodingException e) {
      throw fileProblem("must be UTF-8 text, but is not");
    } catch (IOException e) {
      throw fileProblem("cannot be read: " + e);
    }
    Workspace workspace = parse(WORKSPACE_FILE, yaml);
    Path slaFile = dir.resolve(SLA_FILE);
    SlaConfig sla = SlaConfig.none(workspace.defaults().zone());
    if (Files.exists(slaFile)) {
      try {
        sla = parseSla(SLA_FILE, Files.readString(slaFile, StandardCharsets.UTF_8), workspace);
      } catch (CharacterCodingException e) {
        throw new ValidationException(List.of(new FieldProblem(SLA_FILE, SLA_FILE, "must be UTF-8 text, but is not")));
      } catch (IOException e) {
        throw new ValidationException(List.of(new FieldProblem(SLA_FILE, SLA_FILE, "cannot be read: " + e)));
      }
    }
    checkCalendars(workspace, sla);
    workspace = workspace.withSla(sla);

    Path macros = dir.resolve(MACROS_FILE);
    if (!Files.exists(macros)) {
      return workspace;
    }
    String macrosYaml;
    try {
      macrosYaml = Files.readString(macros, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new ValidationException(List.of(
          new FieldProblem(MACROS_FILE, MACROS_FILE, "must be UTF-8 text, but is not")));
    } catch (IOException e) {
      throw new ValidationException(List.of(
          new FieldProblem(MACROS_FILE, MACROS_FILE, "cannot be read: " + e)));
    }
    return workspace.withMacros(parseMacros(MACROS_FILE, macrosYaml, workspace));
  }

  /** Parses and validates {@code macros.yaml} text against an already loaded workspace. */
  static MacroCatalog parseMacros(String source, String yaml, Workspace workspace) {
    Problems problems = new Problems(source);
    if (yaml.isBlank()) {
      return MacroCatalog.empty();
    }
    MacrosSpec spec = SpecReader.read(yaml, MacrosSpec.class, problems);
    problems.throwIfAny();
    if (spec == null) {
      return MacroCatalog.empty();
    }
    return MacrosChecker.check(spec, problems, workspace);
  }

  /** Parses and validates {@code sla.yaml} text against an already loaded workspace. */
  static SlaConfig parseSla(String source, String yaml, Workspace workspace) {
    Problems problems = new Problems(source);
    SlaSpec spec = SpecReader.read(yaml, SlaSpec.class, problems);
    if (spec == null) {
      if (problems.isEmpty()) {
        problems.add("", "is empty, expected a mapping with calendars and policies");
      }
      problems.throwIfAny();
    }
    return SlaChecker.check(Objects.requireNonNull(spec), workspace, problems);
  }

  /** Inboxes may only name calendars that sla.yaml defines. */
  private static void checkCalendars(Workspace workspace, SlaConfig sla) {
    Problems problems = new Problems(WORKSPACE_FILE);
    for (int i = 0; i < workspace.inboxes().size(); i++) {
      String calendar = workspace.inboxes().get(i).calendar();
      if (calendar != null && !sla.calendars().containsKey(calendar)) {
        problems.add("inboxes[" + i + "].calendar",
            SlaChecker.unknownCalendar(calendar, new TreeSet<>(sla.calendars().keySet())));
      }
    }
    problems.throwIfAny();
  }

  /** Parses and validates {@code yaml} as read from {@code source}. */
  static Workspace parse(String source, String yaml) {
    Problems problems = new Problems(source);
    WorkspaceSpec spec = SpecReader.read(yaml, WorkspaceSpec.class, problems);
    if (spec == null) {
      if (problems.isEmpty()) {
        problems.add("", "is empty, expected a mapping of workspace settings");
      }
      problems.throwIfAny();
    }
    return SpecChecker.check(Objects.requireNonNull(spec), problems);
  }

  private static ValidationException fileProblem(String message) {
    return new ValidationException(
        List.of(new FieldProblem(WORKSPACE_FILE, WORKSPACE_FILE, message)));
  }
}
