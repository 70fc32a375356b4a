package at.ozeanlicht.support.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Availability;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignerTest {
  private static Agent agent(String id, List<String> langs, int seniority, int capacity) {
    return new Agent(id, id, langs, List.of("support"), AgentRole.AGENT, seniority, capacity, Availability.ONLINE);
  }

  private static final Agent ANNA = agent("anna", List.of("de"), 1, 5);
  private static final Agent BEN = agent("ben", List.of("de", "en"), 3, 5);
  private static final Agent CARL = agent("carl", List.of("en"), 0, 5);

  private static Assignment assign(String how, String lang, boolean vip, String last, Assigner.AgentState... s) {
    return Assigner.assign(new Assigner.Request("support", how, lang, vip, last, 0), List.of(s));
  }

  @Test
  void leastLoaded_picksLowestLoadRatio_andSaysWhy() {
    Assignment a = assign("least-loaded", null, false, null,
        new Assigner.AgentState(ANNA, Availability.ONLINE, 3, 0),
        new Assigner.AgentState(BEN, Availability.ONLINE, 1, 0));
    assertThat(a.agent()).isEqualTo("ben");
    assertThat(a.candidates()).containsExactly("ben", "anna");
    assertThat(a.reason()).contains("least-loaded: 1/5 open");
  }

  @Test
  void german_goesToGermanSpeaker_othersSkippedWithReason() {
    Assignment a = assign("least-loaded", "de", false, null,
        new Assigner.AgentState(CARL, Availability.ONLINE, 0, 0),
        new Assigner.AgentState(ANNA, Availability.ONLINE, 2, 0));
    assertThat(a.agent()).isEqualTo("anna");
    assertThat(a.skipped()).containsEntry("carl", "does not speak de");
  }

  @Test
  void vip_goesToSenior() {
    Assignment a = assign("least-loaded", "de", true, null,
        new Assigner.AgentState(ANNA, Availability.ONLINE, 0, 0),
        new Assigner.AgentState(BEN, Availability.ONLINE, 4, 0));
    assertThat(a.agent()).isEqualTo("ben");
    assertThat(a.skipped().get("anna")).startsWith("VIP contact needs seniority");
  }

  @Test
  void offlineNever_awayOnlyAsLastResort_fullSkipped() {
    Assignment a = assign("least-loaded", null, false, null,
        new Assigner.AgentState(ANNA, Availability.OFFLINE, 0, 0),
        new Assigner.AgentState(BEN, Availability.AWAY, 0, 0),
        new Assigner.AgentState(CARL, Availability.ONLINE, 5, 0));
    assertThat(a.agent()).isEqualTo("ben");
    assertThat(a.skipped()).containsEntry("anna", "offline").containsEntry("carl", "at capacity (5/5)");
    assertThat(a.reason()).contains("away, but nobody online was eligible");
  }

  @Test
  void candidates_teamAgentsAndNamedAgentSortedByHandle_noneForClaim() {
    Agent dora = new Agent("dora", "dora", List.of("de"), List.of("tech"), AgentRole.AGENT, 0, 5,
        Availability.ONLINE);
    List<Agent> all = List.of(CARL, dora, ANNA, BEN);
    assertThat(Assigner.candidates(new Assigner.Request("support", "least-loaded", null, false, null, 0), all))
        .containsExactly("anna", "ben", "carl");
    assertThat(Assigner.candidates(new Assigner.Request("support", "dora", null, false, null, 0), all))
        .containsExactly("anna", "ben", "carl", "dora");
    assertThat(Assigner.candidates(new Assigner.Request(null, null, null, false, null, 0), all))
        .containsExactly("anna", "ben", "carl", "dora");
    assertThat(Assigner.candidates(new Assigner.Request("support", "claim", null, false, null, 0), all)).isEmpty();
  }

  @Test
  void roundRobin_takesNextAfterLast_wrapsAround() {
    Assigner.AgentState[] all = {Assigner.AgentState.idle(ANNA), Assigner.AgentState.idle(BEN), Assigner.AgentState.idle(CARL)};
    assertThat(assign("round-robin", null, false, "anna", all).agent()).isEqualTo("ben");
    assertThat(assign("round-robin", null, false, "carl", all).agent()).isEqualTo("anna");
    assertThat(assign("round-robin", null, false, null, all).agent()).isEqualTo("anna");
  }

  @Test
  void claim_assignsNobody_fairnessCapSkips() {
    assertThat(assign("claim", null, false, null, Assigner.AgentState.idle(ANNA)).agent()).isNull();
    Assignment a = Assigner.assign(new Assigner.Request("support", null, null, false, null, 2),
        List.of(new Assigner.AgentState(ANNA, Availability.ONLINE, 0, 2), Assigner.AgentState.idle(BEN)));
    assertThat(a.agent()).isEqualTo("ben");
    assertThat(a.skipped()).containsEntry("anna", "fairness window: already 2 assignments");
  }
}
