package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The survey life cycle and the aggregates on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class CsatIT {
  static final Workspace REFERENCE = WorkspaceLoader.load(Path.of("..", "examples", "ozean-licht"));
  static final String SECRET = "test-secret-test-secret-test-secret";
  static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_.-]+)");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T08:00:00Z"));
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(REFERENCE).clock(clock)
        .csat(CsatSettings.of(SECRET, URI.create("https://ozean-licht.at/feedback"))).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  Conversation receive(String inbox, String from, String lang, String id, String body) {
    return engine.receive(ReceiveMessage.text(inbox, new InboundContact(from, "Anna Berger", null,
        null, lang), id, body)).conversation();
  }

  Conversation resolve(Conversation c) {
    return engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "thomas"));
  }

  List<Message> surveys(Conversation c) {
    return engine.conversation(c.id()).orElseThrow().messages().stream()
        .filter(m -> m.sender().type() == at.ozeanlicht.support.core.domain.SenderType.BOT).toList();
  }

  String token(Conversation c) {
    List<Message> s = surveys(c);
    Matcher m = TOKEN.matcher(s.get(s.size() - 1).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void resolve_whatsApp_sendsReplySurveyOncePerResolution_throughTheOutbox() {
    Conversation c = receive("ol-whatsapp", "43664111", "de", "w1", "Hallo");
    resolve(c);
    engine.changeStatus(new ChangeStatus(c.id(), Status.RESOLVED, "thomas"));

    assertThat(surveys(c)).singleElement().satisfies(m -> {
      assertThat(m.isPrivate()).isFalse();
      assertThat(m.body()).startsWith("Liebe/r Anna, wir hoffen, wir konnten dir gut weiterhelfen.");
    });
    assertThat(MacroIT.count("select count(*) from outbound_messages")).isEqualTo(1);

    clock.advance(Duration.ofHours(1));
    receive("ol-whatsapp", "43664111", "de", "w2", "Noch eine Frage: wo finde ich Modul 4?");
    resolve(c);
    assertThat(surveys(c)).hasSize(2);
    assertThat(MacroIT.count("select count(*) from csat_surveys")).isEqualTo(2);
  }

  @Test
  void resolve_optedOutContact_orTeamChat_orApiInbox_sendsNoSurvey() {
    Conversation c = receive("ol-whatsapp", "43664111", "de", "w1", "Hallo");
    Contact optedOut = engine.updateContact(new UpdateContact(c.contactId(), null,
        Map.of(SupportEngine.CSAT_OPT_OUT, "true"), Set.of(), "thomas"));
    assertThat(optedOut.attributes()).containsEntry(SupportEngine.CSAT_OPT_OUT, "true");
    SharedPostgres.database().conversationStore().inTransaction(tx -> {
      tx.insertConversation(new Conversation(UUID.fromString("00000000-0000-0000-0000-000000000001"),
          99, ConversationKind.TEAM_CHAT, "ol-web", null, List.of("thomas", "sabine"), Status.OPEN,
          Priority.NORMAL, Set.of(), "support", null, Map.of(), null, clock.instant(),
          clock.instant(), null, null, null, 0));
      return null;
    });
    resolve(c);
    engine.changeStatus(new ChangeStatus(UUID.fromString("00000000-0000-0000-0000-000000000001"),
        Status.RESOLVED, "thomas"));

    assertThat(MacroIT.count("select count(*) from csat_surveys")).isZero();
    assertThat(MacroIT.count("select count(*) from outbound_messages")).isZero();
  }

  @Test
  void reply_ratingWithEmoji_isStored_conversationStaysResolved_afterWindowItReopens() {
    Conversation c = receive("ol-whatsapp", "43664111", "de", "w1", "Hallo");
    resolve(c);
    clock.advance(Duration.ofMinutes(5));

    ReceiveResult rated = engine.receive(ReceiveMessage.text("ol-whatsapp",
        InboundContact.of("43664111"), "w2", "😍 wunderbar, danke!"));

    assertThat(rated.outcome()).isEqualTo(ReceiveResult.Outcome.RATED);
    ConversationView v = engine.conversation(c.id()).orElseThrow();
    assertThat(v.conversation().status()).isEqualTo(Status.RESOLVED);
    assertThat(v.csat()).isEqualTo(new CsatView(5, "wunderbar, danke!", clock.instant()));

    // answered: a second rating is an ordinary message again
    ReceiveResult again = engine.receive(ReceiveMessage.text("ol-whatsapp",
        InboundContact.of("43664111"), "w3", "★★"));
    assertThat(again.outcome()).isEqualTo(ReceiveResult.Outcome.REOPENED);

    resolve(c);
    clock.advance(CsatSettings.DEFAULT_REPLY_WINDOW.plusMinutes(1));
    ReceiveResult late = engine.receive(ReceiveMessage.text("ol-whatsapp",
        InboundContact.of("43664111"), "w4", "5"));
    assertThat(late.outcome()).isEqualTo(ReceiveResult.Outcome.REOPENED);
    assertThat(MacroIT.count("select count(*) from csat_ratings")).isEqualTo(1);
  }

  @Test
  void link_rateOnce_replayAndExpiryAndForgeryRefused() {
    Conversation web = receive("ol-web", "visitor-1", "en", "x1", "Hello");
    engine.assign(new AssignConversation(web.id(), "support", "sabine", null));
    resolve(web);
    String token = token(web);
    assertThat(surveys(web).get(0).body()).startsWith("Dear Anna, we hope we could help you well.")
        .contains("https://ozean-licht.at/feedback?token=");

    CsatView v = engine.submitCsat(new SubmitCsat(token, 4, " Sehr lieb "));
    assertThat(v).isEqualTo(new CsatView(4, "Sehr lieb", clock.instant()));
    assertThatThrownBy(() -> engine.submitCsat(new SubmitCsat(token, 5, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessage("token: this rating link was already used at " + clock.instant());
    assertThatThrownBy(() -> engine.submitCsat(new SubmitCsat(token.substring(1), 5, null)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessage("token: not a valid survey link (signature does not match)");
    assertThatThrownBy(() -> engine.submitCsat(new SubmitCsat(token, 6, null)))
        .isInstanceOf(ValidationException.class).hasMessage("rating: must be between 1 and 5, was 6");

    Conversation mail = receive("ol-email", "anna@example.org", "de", "e1", "Hallo");
    resolve(mail);
    String expiring = token(mail);
    Instant expires = clock.instant().plus(CsatSettings.DEFAULT_LINK_VALIDITY);
    clock.advance(CsatSettings.DEFAULT_LINK_VALIDITY);
    assertThatThrownBy(() -> engine.submitCsat(new SubmitCsat(expiring, 5, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessage("token: this rating link expired at " + expires);
  }

  record Fact(String agent, String team, String channel, LocalDate day, int rating) {}

  @Test
  void summary_matchesFiguresComputedInJava() {
    String[] agents = {"thomas", "sabine", "lukas", "florian"};
    String[] teams = {"support", "spiritual", "tech", "sales"};
    String[] inboxes = {"ol-whatsapp", "ol-web", "ol-telegram", "ol-email"};
    List<Fact> facts = new ArrayList<>();
    ZoneId vienna = REFERENCE.defaults().zone();
    for (int i = 0; i < 14; i++) {
      int rating = 1 + (i * 7 + 3) % 5;
      String inbox = inboxes[i % 4];
      String agent = agents[(i / 2) % 4];
      String team = teams[(i / 3) % 4];
      Conversation c = receive(inbox, inbox + "-contact-" + i, "de", "m" + i, "Frage " + i);
      engine.assign(new AssignConversation(c.id(), team, agent, null));
      resolve(c);
      if (inbox.equals("ol-whatsapp") || inbox.equals("ol-telegram")) {
        engine.receive(ReceiveMessage.text(inbox, InboundContact.of(inbox + "-contact-" + i),
            "r" + i, String.valueOf(rating)));
      } else {
        engine.submitCsat(new SubmitCsat(token(c), rating, null));
      }
      facts.add(new Fact(agent, team, REFERENCE.inbox(inbox).orElseThrow().channel().wire(),
          LocalDate.ofInstant(clock.instant(), vienna), rating));
      clock.advance(Duration.ofHours(9));
    }
    // an imported rating (no survey) counts with the conversation's assignee, team and channel
    engine.importConversation(new ImportConversation("legacy-1", "ol-email", ChannelType.EMAIL,
        new ImportConversation.Contact("old@example.org", "Old", null, "de", false), "katharina",
        "admin", Status.RESOLVED, Priority.NORMAL, Set.of(), Instant.parse("2026-10-02T08:00:00Z"),
        Instant.parse("2026-10-02T09:00:00Z"),
        new CsatView(2, null, Instant.parse("2026-10-02T10:00:00Z")), List.of()));
    facts.add(new Fact("katharina", "admin", "email", LocalDate.parse("2026-10-02"), 2));

    CsatSummary s = engine.csatSummary(new FindCsat(Instant.parse("2026-09-01T00:00:00Z"),
        Instant.parse("2026-11-01T00:00:00Z"), CsatPeriod.DAY));

    check(s.total(), facts);
    checkGroups(s.byAgent(), facts, Fact::agent);
    checkGroups(s.byTeam(), facts, Fact::team);
    checkGroups(s.byChannel(), facts, Fact::channel);
    checkGroups(s.byPeriod(), facts, f -> f.day().toString());
    assertThat(engine.csatSummary(new FindCsat(Instant.parse("2027-01-01T00:00:00Z"),
        Instant.parse("2027-02-01T00:00:00Z"), CsatPeriod.MONTH)).total())
        .isEqualTo(new CsatSummary.Figures(0, 0, 0));
  }

  static void checkGroups(List<CsatSummary.Group> groups, List<Fact> facts, Function<Fact, String> key) {
    TreeMap<String, List<Fact>> expected = new TreeMap<>();
    facts.forEach(f -> expected.computeIfAbsent(key.apply(f), k -> new ArrayList<>()).add(f));
    assertThat(groups).extracting(CsatSummary.Group::key).containsExactlyElementsOf(expected.keySet());
    for (CsatSummary.Group g : groups) {
      check(g.figures(), expected.get(g.key()));
    }
  }

  static void check(CsatSummary.Figures f, List<Fact> facts) {
    assertThat(f.count()).isEqualTo(facts.size());
    assertThat(f.average()).isCloseTo(facts.stream().mapToInt(Fact::rating).average().orElseThrow(), within(1e-9));
    assertThat(f.satisfied()).isCloseTo(
        facts.stream().filter(x -> x.rating() >= 4).count() / (double) facts.size(), within(1e-9));
  }
}
