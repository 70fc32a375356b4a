package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.BulkAction;
import at.ozeanlicht.support.core.inbox.InboxCounts;
import at.ozeanlicht.support.core.inbox.InboxPage;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxRow;
import at.ozeanlicht.support.core.inbox.SearchHit;
import at.ozeanlicht.support.core.inbox.UnifiedInbox;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The unified inbox under the access policy (issue 10 meets issue 9): restricted team tech, spiritual team. */
@ExtendWith(PostgresExtension.class)
class InboxAccessIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private SupportEngine engine;
  private UnifiedInbox inbox;
  private Conversation support;
  private Conversation labelled;
  private Conversation spiritual;
  private Conversation tech;

  @BeforeEach
  void setUp() {
    engine = AccessControlIT.engine(clock, AccessControlIT.privacy());
    inbox = engine.inbox();
    support = open("1", "support");
    labelled = open("2", "support");
    engine.label(new LabelConversation(labelled.id(), Set.of(PrivacySettings.SPIRITUAL_LABEL), Set.of(), null));
    spiritual = open("3", "spiritual");
    tech = open("4", "tech"); // the newest: a page cut before filtering would come back empty
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation open(String id, String team) {
    clock.advance(Duration.ofMinutes(1));
    Conversation c = engine.receive(ReceiveMessage.text("wa", new InboundContact("49151" + id, "Lena Berger",
        null, null, "de"), "wamid." + id, "Hallo, ich habe eine Frage zur Rechnung.")).conversation();
    return engine.assign(new AssignConversation(c.id(), team, null, null));
  }

  private Actor agent(String handle) {
    return Actor.of(engine.workspace().agent(handle).orElseThrow());
  }

  private List<UUID> page(Actor actor) {
    return inbox.page(actor, InboxQuery.builder().build()).rows().stream().map(InboxRow::id).toList();
  }

  private List<UUID> search(Actor actor) {
    return inbox.search(actor, "Rechnung", Audience.TEAM, 50).stream()
        .filter(h -> h.type() == SearchHit.Type.MESSAGE).map(SearchHit::conversationId).distinct().toList();
  }

  private void assertSees(Actor actor, Conversation... visible) {
    List<UUID> ids = java.util.Arrays.stream(visible).map(Conversation::id).toList();
    assertThat(page(actor)).as("page of %s", actor.id()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(search(actor)).as("search of %s", actor.id()).containsExactlyInAnyOrderElementsOf(ids);
    InboxCounts counts = inbox.counts(actor);
    assertThat(counts.open()).as("open count of %s", actor.id()).isEqualTo(ids.size());
    assertThat(counts.unassigned()).isEqualTo(ids.size());
    long byTeam = counts.byTeam().values().stream().mapToLong(Long::longValue).sum();
    assertThat(byTeam).isEqualTo(ids.size());
  }

  @Test
  void otherTeamsAgent_seesNoRestrictedOrSpiritualConversation_inPagesCountsOrSearch() {
    assertSees(agent("anna"), support);
    InboxCounts counts = inbox.counts(agent("anna"));
    assertThat(counts.byTeam()).containsOnlyKeys("support");
  }

  @Test
  void page_filtersInTheQuery_soAPageIsFullAndHasNoCursorIntoHiddenRows() {
    InboxPage first = inbox.page(agent("anna"), InboxQuery.builder().limit(1).build());
    assertThat(first.rows()).extracting(InboxRow::id).containsExactly(support.id());
    assertThat(first.nextCursor()).isNull();
    InboxPage sys = inbox.page(Actor.system(), InboxQuery.builder().limit(1).build());
    assertThat(sys.rows()).extracting(InboxRow::id).containsExactly(tech.id());
    assertThat(sys.nextCursor()).isNotNull();
  }

  @Test
  void restrictedTeamMember_seesItsTeam_spiritualTeamSeesSpiritual_systemSeesAll() {
    assertSees(agent("marco"), support, tech);
    assertSees(agent("sabine"), support, labelled, spiritual);
    assertSees(Actor.system(), support, labelled, spiritual, tech);
    // Roles grant operations, not visibility: an admin service outside the teams is restricted too.
    assertSees(Actor.service("ops", AgentRole.ADMIN), support);
  }

  @Test
  void assignee_seesTheRestrictedConversationAssignedToThem() {
    engine.assign(new AssignConversation(tech.id(), null, "anna", null));
    assertThat(page(agent("anna"))).containsExactlyInAnyOrder(support.id(), tech.id());
    assertThat(inbox.thread(agent("anna"), tech.id(), Audience.TEAM)).isNotEmpty();
  }

  @Test
  void hiddenConversation_openedOrChanged_deniedNamingActorActionAndResource() {
    Actor anna = agent("anna");
    String resource = "#" + tech.number();
    assertThatThrownBy(() -> inbox.thread(anna, tech.id(), Audience.TEAM))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("agent 'anna'")
        .hasMessageContaining("read").hasMessageContaining(resource);
    assertThatThrownBy(() -> inbox.thread(anna, tech.id(), Audience.CUSTOMER))
        .isInstanceOf(AccessDeniedException.class);
    // The customer-facing thread, like SupportSession.transcript, is open to services (a portal).
    assertThat(inbox.thread(Actor.service("portal", AgentRole.AGENT), tech.id(), Audience.CUSTOMER)).isNotEmpty();
    assertThatThrownBy(() -> inbox.context(anna, spiritual.id()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("spiritual");
    assertThatThrownBy(() -> inbox.markRead(anna, tech.id()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("markRead").hasMessageContaining(resource);
    assertThatThrownBy(() -> inbox.addNote(anna, tech.id(), "hallo"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("addNote");
    assertThatThrownBy(() -> inbox.handoff(anna, tech.id(), null, "anna", "nimm du"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("handoff").hasMessageContaining(resource);
    assertThatThrownBy(() -> inbox.page(anna, InboxQuery.builder().team("tech").build()))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("team tech");
    // Bulk: refused as a whole before anything changes, the visible conversation included.
    assertThatThrownBy(() -> inbox.bulk(anna, new BulkAction.Label(Set.of("billing"), Set.of()),
        List.of(support.id(), tech.id())))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("bulk").hasMessageContaining(resource);
    assertThat(engine.conversation(support.id()).orElseThrow().conversation().labels()).doesNotContain("billing");
    assertThat(engine.conversation(tech.id()).orElseThrow().conversation().assignee()).isNull();
    // The refused changes wrote nothing; only the refusals themselves are in the log.
    assertThat(engine.audit(new FindAudit(tech.id(), null, "anna", null, 100)))
        .allSatisfy(e -> assertThat(e.action()).isEqualTo("access.denied"))
        .extracting(e -> e.data().get("action"))
        .containsExactly("read", "read", "markRead", "addNote", "handoff", "bulk");
  }

  @Test
  void contactHitsAndMentions_ofHiddenConversations_leftOutInTheQuery() {
    engine.personalData().importContacts(List.of(new ImportContact(
        at.ozeanlicht.support.core.domain.ChannelType.WHATSAPP, "4915199", "Lena Berger", null, null, "de", false)));
    Actor marco = agent("marco");
    inbox.addNote(marco, tech.id(), "@anna schau dir das an");
    inbox.addNote(agent("sabine"), spiritual.id(), "@anna bitte nicht antworten");
    inbox.addNote(agent("thomas"), support.id(), "@anna übernimmst du?");

    // anna sees the support conversation's contact and the imported one (no conversation at all)
    List<UUID> annaContacts = contactHits(agent("anna"));
    assertThat(annaContacts).containsExactlyInAnyOrder(support.contactId(), importedContact());
    assertThat(inbox.mentions(agent("anna"))).extracting(m -> m.conversationId()).containsExactly(support.id());
    // members of tech and the system see what is theirs
    assertThat(contactHits(marco)).contains(tech.contactId()).doesNotContain(spiritual.contactId());
    assertThat(contactHits(Actor.system())).hasSize(5);
  }

  private List<UUID> contactHits(Actor actor) {
    return inbox.search(actor, "Berger", Audience.TEAM, 50).stream()
        .filter(h -> h.type() == SearchHit.Type.CONTACT).map(SearchHit::contactId).toList();
  }

  private UUID importedContact() {
    return inbox.search(Actor.system(), "Berger", Audience.TEAM, 50).stream()
        .filter(h -> h.type() == SearchHit.Type.CONTACT).map(SearchHit::contactId)
        .filter(id -> !List.of(support.contactId(), labelled.contactId(), spiritual.contactId(), tech.contactId())
            .contains(id)).findFirst().orElseThrow();
  }

  @Test
  void inboxCommands_auditedUnderTheActor_inTheirTransaction() {
    Actor anna = agent("anna");
    inbox.addNote(anna, support.id(), "Kunde ruft morgen an");
    inbox.markRead(anna, support.id());
    inbox.handoff(anna, support.id(), null, "thomas", "bitte übernehmen");
    inbox.bulk(anna, new BulkAction.Label(Set.of("billing"), Set.of()), List.of(support.id()));
    inbox.postToChannel(anna, "general", "Kurze Frage ins Team");
    List<AuditEntry> entries = engine.audit(new FindAudit(support.id(), null, "anna", null, 100));
    assertThat(entries).allSatisfy(e -> assertThat(e.actorKind()).isEqualTo("agent"));
    assertThat(entries).extracting(AuditEntry::command).contains("addNote", "markRead", "handoff", "bulk");
    assertThat(entries).filteredOn(e -> "handoff".equals(e.command()))
        .anySatisfy(e -> assertThat(e.changes()).containsEntry("assignee", new AuditEntry.Change(null, "thomas")));
    assertThat(entries).filteredOn(e -> "bulk".equals(e.command()))
        .anySatisfy(e -> assertThat(e.changes()).containsKey("labels"));
    assertThat(engine.audit(new FindAudit(null, null, "anna", null, 100)))
        .anySatisfy(e -> assertThat(e.command()).isEqualTo("postToChannel"));
  }
}
