package at.ozeanlicht.support.core.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Brand;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.domain.Team;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

class WorkspaceLoaderTest {
  private static final Path REFERENCE = Path.of("..", "examples", "ozean-licht");
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path dir;

  @Test
  void load_referenceWorkspace_hasBrandsInboxesTeamsAndSixAgents() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);

    assertThat(ws.name()).isEqualTo("Ozean Licht");
    assertThat(ws.defaults().language()).isEqualTo("de");
    assertThat(ws.defaults().zone()).hasToString("Europe/Vienna");
    assertThat(ws.brands()).extracting(Brand::id).containsExactly("ozean-licht", "kids-ascension");
    assertThat(ws.inboxes())
        .extracting(Inbox::id, Inbox::channel, Inbox::brand)
        .containsExactly(
            tuple("ol-web", ChannelType.WEB, "ozean-licht"),
            tuple("ol-whatsapp", ChannelType.WHATSAPP, "ozean-licht"),
            tuple("ol-email", ChannelType.EMAIL, "ozean-licht"),
            tuple("ol-telegram", ChannelType.TELEGRAM, "ozean-licht"),
            tuple("ka-web", ChannelType.WEB, "kids-ascension"),
            tuple("ka-email", ChannelType.EMAIL, "kids-ascension"));
    assertThat(ws.teams())
        .extracting(Team::id)
        .containsExactly("support", "tech", "sales", "spiritual", "admin");
    assertThat(ws.agents()).hasSize(6);
    assertThat(ws.agents())
        .extracting(Agent::role)
        .contains(AgentRole.AGENT, AgentRole.LEAD, AgentRole.ADMIN);
    assertThat(ws.agent("thomas"))
        .hasValueSatisfying(
            thomas -> {
              assertThat(thomas.role()).isEqualTo(AgentRole.LEAD);
              assertThat(thomas.speaks("de")).isTrue();
            });
    assertThat(ws.labels()).extracting(Label::name).contains("billing", "refund", "vip", "kids");
  }

  @Test
  void load_referenceWorkspace_everyTeamLeadIsLeadOrAdmin() {
    Workspace ws = WorkspaceLoader.load(REFERENCE);

    for (Team team : ws.teams()) {
      assertThat(team.lead()).as(team.id()).isNotNull();
      assertThat(ws.agent(team.lead()).orElseThrow().role()).isIn(AgentRole.LEAD, AgentRole.ADMIN);
    }
  }

  @Test
  void load_brokenWorkspace_reportsEveryProblemAtOnce() throws IOException {
    write(
        """
        name: Broken
        defaults: { language: deu, zone: Europe/Wien }
        brands:
          - { id: ozean-licht, name: Ozean Licht }
          - { id: ozean-licht, name: Doppelt }
        inboxes:
          - { id: ol-web, name: Web, channel: whatsap, brand: ozean-licht }
          - { id: ol-mail, name: Mail, channel: email, brand: ozean-lich }
        teams:
          - { id: support, name: Support, lead: maria }
          - { id: tech, name: Tech, lead: lena }
        agents:
          - { id: lena, name: Lena, languages: [de, xx], teams: [support, suport] }
          - { id: thomas, name: Thomas, languages: de, role: lead }
        lables:
          - { name: billing }
        """);

    List<FieldProblem> problems = problems(() -> WorkspaceLoader.load(dir));

    assertThat(problems).extracting(FieldProblem::source).containsOnly("workspace.yaml");
    assertThat(byField(problems))
        .containsOnlyKeys(
            "lables",
            "agents[1].languages",
            "defaults.language",
            "defaults.zone",
            "brands[1].id",
            "inboxes[0].channel",
            "inboxes[1].brand",
            "teams[0].lead",
            "teams[1].lead",
            "agents[0].languages[1]",
            "agents[0].teams[1]")
        .hasEntrySatisfying(
            "lables", m -> assertThat(m).startsWith("unknown field 'lables'").contains("labels"))
        .hasEntrySatisfying(
            "agents[1].languages", m -> assertThat(m).isEqualTo("must be a list, was 'de'"))
        .hasEntrySatisfying(
            "defaults.language", m -> assertThat(m).contains("ISO 639-1").endsWith("was 'deu'"))
        .hasEntrySatisfying(
            "defaults.zone", m -> assertThat(m).contains("time zone").endsWith("was 'Europe/Wien'"))
        .hasEntrySatisfying(
            "brands[1].id",
            m -> assertThat(m).isEqualTo("duplicate id 'ozean-licht', already used by brands[0]"))
        .hasEntrySatisfying(
            "inboxes[0].channel",
            m ->
                assertThat(m)
                    .isEqualTo("must be one of web, whatsapp, email, telegram, api, was 'whatsap'"))
        .hasEntrySatisfying(
            "inboxes[1].brand",
            m -> assertThat(m).isEqualTo("unknown brand 'ozean-lich', expected one of ozean-licht"))
        .hasEntrySatisfying("teams[0].lead", m -> assertThat(m).startsWith("unknown agent 'maria'"))
        .hasEntrySatisfying(
            "teams[1].lead",
            m -> assertThat(m).startsWith("agent 'lena' has role agent").contains("lead or admin"))
        .hasEntrySatisfying("agents[0].languages[1]", m -> assertThat(m).endsWith("was 'xx'"))
        .hasEntrySatisfying(
            "agents[0].teams[1]",
            m -> assertThat(m).isEqualTo("unknown team 'suport', expected one of support, tech"));
  }

  @Test
  void load_yamlSyntaxError_reportsLineAndColumn() throws IOException {
    write(
        """
        name: Broken
        defaults:
          language: de
          zone: [Europe/Vienna
        brands: []
        """);

    List<FieldProblem> problems = problems(() -> WorkspaceLoader.load(dir));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo("workspace.yaml");
              assertThat(p.field()).isEqualTo("workspace.yaml");
              assertThat(p.message()).startsWith("invalid YAML at line 5, column");
            });
  }

  @Test
  void load_wrongTypes_reportsFieldPathsNotStackTraces() throws IOException {
    write(
        """
name: [not, a, text]
defaults: Europe/Vienna
brands:
  - ozean-licht
agents:
  - { id: anna, name: Anna, languages: [de], teams: support, capacity: lots, seniority: 1.5 }
labels: billing
""");

    Map<String, String> problems = byField(problems(() -> WorkspaceLoader.load(dir)));

    assertThat(problems)
        .containsEntry("name", "must be a text, was a list")
        .containsEntry("defaults", "must be a mapping, was 'Europe/Vienna'")
        .containsEntry("brands[0]", "must be a mapping, was 'ozean-licht'")
        .containsEntry("agents[0].teams", "must be a list, was 'support'")
        .containsEntry("agents[0].capacity", "must be a whole number, was 'lots'")
        .containsEntry("labels", "must be a list, was 'billing'")
        .containsKey("agents[0].seniority");
  }

  @Test
  void load_missingFields_reportsEachRequiredField() throws IOException {
    write(
        """
        defaults: { language: de }
        brands: [ { name: No Id }, { id: blank, name: " " } ]
        inboxes: [ { id: Bad Id, brand: x } ]
        teams: [ { id: t, name: "" } ]
        agents: [ { id: anna, name: Anna, languages: [], capacity: 0, seniority: -1 } ]
        labels: [ { name: Billing } ]
        """);

    Map<String, String> problems = byField(problems(() -> WorkspaceLoader.load(dir)));

    assertThat(problems)
        .containsEntry("name", "is required")
        .containsEntry("defaults.zone", "is required")
        .containsEntry("brands[0].id", "is required")
        .containsEntry("brands[1].name", "must not be blank")
        .containsEntry("teams[0].name", "must not be blank")
        .containsEntry(
            "inboxes[0].id", "must be a lower-case slug matching [a-z0-9][a-z0-9_-]*, was 'Bad Id'")
        .containsEntry("inboxes[0].name", "is required")
        .containsEntry("inboxes[0].channel", "is required")
        .containsEntry("agents[0].languages", "must list at least one language")
        .containsEntry("agents[0].capacity", "must be at least 1, was '0'")
        .containsEntry("agents[0].seniority", "must be at least 0, was '-1'")
        .containsEntry("labels[0].name", "must be lower-case without spaces, was 'Billing'");
  }

  @Test
  void load_optionalFieldsAbsent_appliesDefaults() throws IOException {
    write(
        """
        name: Minimal
        defaults: { language: de, zone: Europe/Vienna }
        brands: [ { id: ol, name: OL } ]
        inboxes: [ { id: web, name: Web, channel: WEB, brand: ol } ]
        teams: [ { id: support, name: Support } ]
        agents: [ { id: anna, name: Anna, languages: [de] } ]
        labels: [ { name: billing } ]
        """);

    Workspace ws = WorkspaceLoader.load(dir);

    assertThat(ws.brands()).containsExactly(new Brand("ol", "OL", "de"));
    assertThat(ws.inboxes()).containsExactly(new Inbox("web", "Web", ChannelType.WEB, "ol", null));
    assertThat(ws.teams()).containsExactly(new Team("support", "Support", null));
    assertThat(ws.agents())
        .containsExactly(
            new Agent(
                "anna",
                "Anna",
                List.of("de"),
                List.of(),
                AgentRole.AGENT,
                0,
                10,
                Availability.OFFLINE));
    assertThat(ws.labels()).containsExactly(new Label("billing", ""));
  }

  @Test
  void load_missingDirectory_reportsFileNotFound() {
    List<FieldProblem> problems = problems(() -> WorkspaceLoader.load(dir.resolve("nope")));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("workspace.yaml");
              assertThat(p.message()).startsWith("file not found");
            });
  }

  @Test
  void load_missingFile_reportsFileNotFound() {
    List<FieldProblem> problems = problems(() -> WorkspaceLoader.load(dir));

    assertThat(problems)
        .extracting(FieldProblem::source, FieldProblem::field)
        .containsExactly(tuple("workspace.yaml", "workspace.yaml"));
    assertThat(problems.get(0).message()).startsWith("file not found");
  }

  @Test
  void load_emptyFile_reportsEmpty() throws IOException {
    write("# nothing yet\n");

    List<FieldProblem> problems = problems(() -> WorkspaceLoader.load(dir));

    assertThat(problems)
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("is empty"));
  }

  @Test
  void parse_randomChannel_givesChannelOrExactlyOneProblemOnThatField() {
    // On failure QuickTheories prints the seed; rerun with -DQT_SEED=<seed> to pin it.
    qt().withExamples(200)
        .forAll(channelTexts())
        .checkAssert(
            channel -> {
              String yaml = workspaceWithChannel(channel);
              try {
                Workspace ws = WorkspaceLoader.parse("workspace.yaml", yaml);
                assertThat(ws.inboxes().get(0).channel().wire())
                    .isEqualToIgnoringCase(channel.trim());
              } catch (ValidationException e) {
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.source()).isEqualTo("workspace.yaml");
                          assertThat(p.field()).isEqualTo("inboxes[0].channel");
                          assertThat(p.message())
                              .containsAnyOf("must be one of", "must not be blank");
                        });
              }
            });
  }

  /** Arbitrary text, mixed with wire names in random case and padding. */
  private static Gen<String> channelTexts() {
    Gen<String> wireNames =
        arbitrary()
            .enumValues(ChannelType.class)
            .zip(
                integers().all(),
                booleans().all(),
                (c, caseBits, padded) -> {
                  StringBuilder sb = new StringBuilder();
                  String wire = c.wire();
                  for (int i = 0; i < wire.length(); i++) {
                    char ch = wire.charAt(i);
                    sb.append((caseBits >> (i % 32) & 1) == 1 ? Character.toUpperCase(ch) : ch);
                  }
                  return padded ? " " + sb + " " : sb.toString();
                });
    return strings().betweenCodePoints(0, 0x2FFF).ofLengthBetween(0, 12).mix(wireNames, 40);
  }

  /**
   * A valid workspace whose only inbox has {@code channel}; written by Jackson, so quoted right.
   */
  private static String workspaceWithChannel(String channel) {
    Map<String, Object> ws = new LinkedHashMap<>();
    ws.put("name", "Property");
    ws.put("defaults", Map.of("language", "de", "zone", "Europe/Vienna"));
    ws.put("brands", List.of(Map.of("id", "ol", "name", "Ozean Licht")));
    ws.put(
        "inboxes", List.of(Map.of("id", "in", "name", "Inbox", "channel", channel, "brand", "ol")));
    try {
      return YAML.writeValueAsString(ws);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void write(String yaml) throws IOException {
    Files.writeString(dir.resolve("workspace.yaml"), yaml);
  }

  static List<FieldProblem> problems(Runnable load) {
    ValidationException e = catchThrowableOfType(ValidationException.class, load::run);
    assertThat(e).as("expected a ValidationException").isNotNull();
    return e.problems();
  }

  static Map<String, String> byField(List<FieldProblem> problems) {
    return problems.stream()
        .collect(
            Collectors.toMap(
                FieldProblem::field,
                FieldProblem::message,
                (a, b) -> a + " | " + b,
                LinkedHashMap::new));
  }
}
