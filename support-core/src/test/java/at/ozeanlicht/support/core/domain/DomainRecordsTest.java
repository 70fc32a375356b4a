package at.ozeanlicht.support.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import at.ozeanlicht.support.core.api.ValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainRecordsTest {
  private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");

  private static Conversation conversation(ConversationKind kind, UUID contact, Status status, Instant snoozedUntil) {
    return new Conversation(UUID.randomUUID(), 1, kind, "wa", contact, List.of(), status, Priority.NORMAL,
        Set.of("b", "a"), null, null, Map.of(), null, T, T, null, null, snoozedUntil, 0);
  }

  @Test
  void conversation_supportWithoutContact_isRejected() {
    assertThatThrownBy(() -> conversation(ConversationKind.SUPPORT, null, Status.OPEN, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contactId: required for support conversations");
    assertThat(conversation(ConversationKind.TEAM_CHAT, null, Status.OPEN, null).contactId()).isNull();
  }

  @Test
  void conversation_snoozedWithoutUntil_isRejected() {
    assertThatThrownBy(() -> conversation(ConversationKind.SUPPORT, UUID.randomUUID(), Status.SNOOZED, null))
        .hasMessage("snoozedUntil: required when status is snoozed");
  }

  @Test
  void conversation_collectionsAreCopiedAndImmutable() {
    List<String> participants = new ArrayList<>(List.of("anna"));
    Conversation c = new Conversation(UUID.randomUUID(), 1, ConversationKind.TEAM_CHAT, "wa", null,
        participants, Status.OPEN, Priority.NORMAL, Set.of(), null, null, Map.of(), null, T, T, null,
        null, null, 0);
    participants.add("thomas");
    assertThat(c.participants()).containsExactly("anna");
    assertThatThrownBy(() -> c.participants().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void message_notesAndActivitiesArePrivate_incomingAndOutgoingAreNot() {
    for (MessageKind kind : MessageKind.values()) {
      Message m = new Message(UUID.randomUUID(), UUID.randomUUID(), kind, Sender.system(), "x",
          ContentType.TEXT, List.of(), null, List.of(), T, null, null);
      assertThat(m.isPrivate()).as(kind.wire())
          .isEqualTo(kind == MessageKind.NOTE || kind == MessageKind.ACTIVITY);
    }
  }

  @Test
  void sender_agentWithoutHandle_isRejected_andPrintsAsWireForm() {
    assertThatThrownBy(() -> new Sender(SenderType.AGENT, " ")).hasMessage("id: required for sender type agent");
    assertThat(Sender.agent("thomas")).hasToString("agent:thomas");
    assertThat(Sender.bot()).hasToString("bot");
  }

  @Test
  void agent_capacityBelowOne_isRejectedNamingTheField() {
    assertThatThrownBy(() -> new Agent("a", "A", List.of("de"), List.of(), AgentRole.AGENT, 0, 0, Availability.ONLINE))
        .hasMessage("capacity: must be at least 1, was 0");
  }

  @Test
  void wires_parse_acceptsWireNamesCaseInsensitively_andNamesFieldAndChoicesOtherwise() {
    assertThat(Wires.parse(ConversationKind.class, "kind", "Team_Chat")).isEqualTo(ConversationKind.TEAM_CHAT);
    assertThatThrownBy(() -> Wires.parse(Priority.class, "priority", "hgh"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("priority: must be one of critical, high, normal, low, was 'hgh'");
    assertThatThrownBy(() -> Wires.parse(Priority.class, "priority", null))
        .hasMessage("priority: must be one of critical, high, normal, low, was missing");
  }

  @Test
  void wires_parse_anyString_eitherParsesToTheMatchingConstantOrThrowsValidationException() {
    qt().withExamples(500).forAll(strings().allPossible().ofLengthBetween(0, 12)).checkAssert(s -> {
      try {
        Status parsed = Wires.parse(Status.class, "status", s);
        assertThat(parsed.wire()).isEqualToIgnoringCase(s.trim());
      } catch (ValidationException e) {
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("status"));
      }
    });
  }
}
