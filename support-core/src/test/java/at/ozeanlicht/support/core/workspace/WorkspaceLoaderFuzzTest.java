package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.ValidationException;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer: whatever text workspace.yaml, sla.yaml and macros.yaml hold, loading gives a workspace
 * or a {@link ValidationException} naming the problems, never another exception. 5 s in the build;
 * longer runs: see the README (reliability).
 */
class WorkspaceLoaderFuzzTest {
  private static final Workspace BASE = WorkspaceLoader.parse("workspace.yaml", """
      name: Fuzz
      defaults: {language: de, zone: Europe/Vienna}
      brands: [{id: b, name: B, language: de}]
      inboxes: [{id: w, name: W, channel: whatsapp, brand: b}]
      teams: [{id: t, name: T, lead: a}]
      agents: [{id: a, name: A, languages: [de], teams: [t], role: lead, capacity: 3}]
      """);

  @FuzzTest(maxDuration = "5s")
  void load_anyYaml_givesWorkspaceOrValidationProblems(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      WorkspaceLoader.parse("workspace.yaml", yaml);
    } catch (ValidationException expected) {
      requireProblems(expected);
    }
    try {
      WorkspaceLoader.parseSla("sla.yaml", yaml, BASE);
    } catch (ValidationException expected) {
      requireProblems(expected);
    }
    try {
      WorkspaceLoader.parseMacros("macros.yaml", yaml, BASE);
    } catch (ValidationException expected) {
      requireProblems(expected);
    }
  }

  private static void requireProblems(ValidationException e) {
    if (e.problems().isEmpty()) {
      throw new AssertionError("validation error without problems", e);
    }
  }
}
