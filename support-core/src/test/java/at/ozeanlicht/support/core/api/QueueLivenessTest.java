package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Availability;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.ConversationKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Which conversations back in a queue leave their assignee (issue 12); pure, no database. */
class QueueLivenessTest {
  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  private final List<String> read = new ArrayList<>();

  private Function<String, Optional<Availability>> states(Map<String, Availability> states) {
    return agent -> {
      read.add(agent);
      return Optional.ofNullable(states.get(agent));
    };
  }

  private static Conversation conversation(ConversationKind kind, Status status, @Nullable String team,
      @Nullable String assignee) {
    return new Conversation(UUID.randomUUID(), 1, kind, "ol-web", UUID.randomUUID(), List.of(),
        status, Priority.NORMAL, Set.of(), team, assignee, Map.of(), null, T0, T0, null, null, null, 0);
  }

  private static Conversation open(@Nullable String team, @Nullable String assignee) {
    return conversation(ConversationKind.SUPPORT, Status.OPEN, team, assignee);
  }

  @Test
  void heldOffline_offlineOrUnknownAssignee_isReleased() {
    Function<String, Optional<Availability>> states = states(Map.of("lukas", Availability.OFFLINE));

    assertThat(QueueLiveness.heldOffline(open("tech", "lukas"), states)).isTrue();
    assertThat(QueueLiveness.heldOffline(open("tech", "removed"), states))
        .as("an agent no longer in the workspace answers nobody either").isTrue();
  }

  @Test
  void heldOffline_onlineOrAwayAssignee_keepsIt() {
    Function<String, Optional<Availability>> states =
        states(Map.of("lena", Availability.ONLINE, "lukas", Availability.AWAY));

    assertThat(QueueLiveness.heldOffline(open("tech", "lena"), states)).isFalse();
    assertThat(QueueLiveness.heldOffline(open("tech", "lukas"), states))
        .as("away agents still get work as a last resort, so they keep theirs").isFalse();
  }

  @Test
  void heldOffline_noTeamNoAssigneeNotOpenOrNotSupport_readsNoAvailability() {
    Function<String, Optional<Availability>> states = states(Map.of());

    assertThat(QueueLiveness.heldOffline(open(null, "lukas"), states)).isFalse();
    assertThat(QueueLiveness.heldOffline(open("tech", null), states)).isFalse();
    assertThat(QueueLiveness.heldOffline(
        conversation(ConversationKind.SUPPORT, Status.PENDING, "tech", "lukas"), states)).isFalse();
    assertThat(QueueLiveness.heldOffline(
        conversation(ConversationKind.DEV_TICKET, Status.OPEN, "tech", "lukas"), states)).isFalse();
    assertThat(read).isEmpty();
  }
}
