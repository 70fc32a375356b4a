package at.ozeanlicht.support.core.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.ImportResult;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sender;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.imports.BulkImport;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.BusinessHours;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every report field against values computed here, independently, from the imported conversations
 * (plain Java over the import commands, the calendar's own businessTime for business hours).
 */
@ExtendWith(PostgresExtension.class)
class ReportIT {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private static final String[] INBOXES = {"wa", "web", "mail", "tg"};
  private static final ChannelType[] CHANNELS = {ChannelType.WHATSAPP, ChannelType.WEB, ChannelType.EMAIL,
      ChannelType.TELEGRAM};
  private static final String[] AGENTS = {"thomas", "anna", "marco"};
  private static final String[] LABELS = {"billing", "bug", "login", "refund", "retreat", "video"};
  private static final double SECONDS = 1e-3;

  private final BusinessCalendar office = BusinessCalendar.builder(VIENNA)
      .hours(BusinessHours.parse("mon-fri 09:00-17:00")).holidayRegion("at").build();
  private final Workspace workspace = TestWorkspaces.small()
      .withSla(new SlaConfig(VIENNA, Map.of("office", office), "office", List.of()));
  private SupportEngine engine;
  private final List<ImportConversation> imported = new ArrayList<>();
  private final Map<String, UUID> ids = new LinkedHashMap<>();
  /** Clock rows written: conversation external id, metric, decided, met. */
  private final List<Object[]> clocks = new ArrayList<>();
  /** Which conversations get clock rows (the others are judged against the policies). */
  private Predicate<String> clocked = id -> true;
  /** The reports' now. */
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(workspace).clock(new MutableClock(NOW)).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @Test
  void weekly_aroundTheDstChange_matchesIndependentFigures() throws Exception {
    seed(Instant.parse("2026-10-05T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"), 60, true);
    // W43 (19-25 Oct 2026) ends on the night the clocks go back: it is 169 hours long.
    Report r = engine.reports().weekly(LocalDate.of(2026, 10, 21), VIENNA);
    assertThat(r.period().label()).isEqualTo("2026-W43");
    assertThat(r.from()).isEqualTo(Instant.parse("2026-10-18T22:00:00Z"));
    assertThat(r.to()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
    check(r);
    // The neighbours too: W42 starts in summer time, W44 in winter time.
    check(engine.reports().weekly(LocalDate.of(2026, 10, 12), VIENNA));
    check(engine.reports().weekly(LocalDate.of(2026, 10, 26), VIENNA));
  }

  @Test
  void weekly_conversationsWithoutClockRows_areJudgedAgainstThePolicies() throws Exception {
    List<SlaPolicy> policies = List.of(
        policy("critical", Priority.CRITICAL, null, null, Duration.ofHours(1), Duration.ofHours(8), true),
        // More specific: critical WhatsApp conversations count plain time, with shorter targets.
        policy("critical-wa", Priority.CRITICAL, null, "wa", Duration.ofMinutes(30), Duration.ofHours(4), false),
        policy("high", Priority.HIGH, null, null, Duration.ofHours(4), null, true),
        policy("high-ka", Priority.HIGH, "ka", null, Duration.ofHours(1), null, false),
        policy("normal", Priority.NORMAL, null, null, Duration.ofHours(8), Duration.ofDays(2), true));
    Workspace withPolicies = TestWorkspaces.small()
        .withSla(new SlaConfig(VIENNA, Map.of("office", office), "office", policies));
    clocked = id -> id.hashCode() % 4 == 0;
    seed(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-12-01T12:00:00Z"), 160);
    try (SupportEngine e = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(withPolicies).clock(new MutableClock(NOW)).build()) {
      for (LocalDate day : List.of(LocalDate.of(2026, 11, 11), LocalDate.of(2026, 11, 25),
          LocalDate.of(2026, 11, 30))) {
        Report r = e.reports().weekly(day, VIENNA);
        List<Object[]> judged = new ArrayList<>(clocks);
        judged.addAll(derivedClocks(r, withPolicies.sla()));
        assertThat(judged.size()).as("some conversations are judged by policy").isGreaterThan(clocks.size());
        checkShares(r, judged);
      }
    }
  }

  /**
   * The judgement of every conversation of the period without clock rows, computed here from the
   * import commands and the calendar's own businessTime: external id, metric, decided, met.
   */
  private List<Object[]> derivedClocks(Report r, SlaConfig sla) {
    List<Object[]> out = new ArrayList<>();
    for (ImportConversation c : imported) {
      LocalDate d = c.createdAt().atZone(r.zone()).toLocalDate();
      if (clocked.test(c.externalId()) || d.isBefore(r.period().first()) || !d.isBefore(r.period().end())) {
        continue;
      }
      String brand = c.inbox().equals("mail") ? "ka" : "ol";
      SlaPolicy p = sla.policy(c.priority(), brand, c.inbox(), false).orElse(null);
      if (p == null) {
        continue;
      }
      BusinessCalendar cal = p.businessHours() ? office : BusinessCalendar.alwaysOpen(VIENNA);
      Instant resolved = c.status() == Status.RESOLVED ? c.resolvedAt() : null;
      List<ImportConversation.ImportMessage> ms = new ArrayList<>(c.messages());
      ms.sort(Comparator.comparing(ImportConversation.ImportMessage::createdAt));
      Instant t0 = ms.stream().filter(x -> x.direction() == MessageKind.INCOMING).findFirst()
          .map(ImportConversation.ImportMessage::createdAt).orElse(null);
      if (t0 != null && p.target(at.ozeanlicht.support.core.domain.SlaMetric.FIRST_RESPONSE).isPresent()) {
        Instant t1 = ms.stream().filter(ReportIT::human).map(ImportConversation.ImportMessage::createdAt)
            .filter(t -> !t.isBefore(t0)).findFirst().orElse(resolved);
        judge(out, c.externalId(), "first-response", cal, t0, t1,
            p.target(at.ozeanlicht.support.core.domain.SlaMetric.FIRST_RESPONSE).get());
      }
      p.target(at.ozeanlicht.support.core.domain.SlaMetric.RESOLUTION).ifPresent(target ->
          judge(out, c.externalId(), "resolution", cal, c.createdAt(), resolved, target));
    }
    return out;
  }

  private static void judge(List<Object[]> out, String id, String metric, BusinessCalendar cal, Instant start,
      Instant end, Duration target) {
    if (end != null) {
      out.add(new Object[] {id, metric, true, cal.businessTime(start, end).compareTo(target) <= 0});
    } else if (cal.businessTime(start, NOW).compareTo(target) > 0) {
      out.add(new Object[] {id, metric, true, false});
    }
  }

  private static SlaPolicy policy(String id, Priority priority, String brand, String inbox, Duration first,
      Duration resolution, boolean businessHours) {
    Map<at.ozeanlicht.support.core.domain.SlaMetric, Duration> targets = new LinkedHashMap<>();
    targets.put(at.ozeanlicht.support.core.domain.SlaMetric.FIRST_RESPONSE, first);
    if (resolution != null) {
      targets.put(at.ozeanlicht.support.core.domain.SlaMetric.RESOLUTION, resolution);
    }
    return new SlaPolicy(id, priority, brand, inbox, null, targets, businessHours, 0.8, List.of(), List.of(),
        false);
  }

  private void checkShares(Report r, List<Object[]> judged) {
    Map<String, ImportConversation> byId = new LinkedHashMap<>();
    imported.forEach(c -> byId.put(c.externalId(), c));
    Set<String> ext = new LinkedHashSet<>();
    imported.stream().filter(c -> {
      LocalDate d = c.createdAt().atZone(r.zone()).toLocalDate();
      return !d.isBefore(r.period().first()) && d.isBefore(r.period().end());
    }).forEach(c -> ext.add(c.externalId()));
    shares(r.sla().firstResponse(), "first-response", ext, byId, judged);
    shares(r.sla().resolution(), "resolution", ext, byId, judged);
  }

  @Test
  void monthly_matchesIndependentFigures() throws Exception {
    seed(Instant.parse("2026-10-26T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"), 300);
    Report r = engine.reports().monthly(YearMonth.of(2026, 11), VIENNA);
    assertThat(r.period().label()).isEqualTo("2026-11");
    check(r);
    assertThat(r.insights().teams()).extracting(Report.TeamLoad::conversations).containsExactlyElementsOf(
        expectedTeams(r));
  }

  @Test
  void weekly_otherZone_countsLocalDaysOfThatZone() throws Exception {
    seed(Instant.parse("2026-11-09T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z"), 80);
    check(engine.reports().weekly(LocalDate.of(2026, 11, 18), ZoneId.of("America/New_York")));
  }

  @Test
  void weekly_emptyPeriod_isValidAndSaysSo() throws Exception {
    Report r = engine.reports().weekly(LocalDate.of(2026, 11, 18), VIENNA);
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.conversations().total()).isZero();
    assertThat(r.conversations().byChannel()).isEmpty();
    assertThat(r.firstResponseSeconds()).isEqualTo(new Report.Durations(0, null, null, null));
    assertThat(r.firstResponseBusinessSeconds()).isEqualTo(new Report.Durations(0, null, null, null));
    assertThat(r.resolutionSeconds()).isEqualTo(new Report.Durations(0, null, null, null));
    assertThat(r.replyTimeSeconds()).isEqualTo(new Report.Durations(0, null, null, null));
    assertThat(r.csat()).isEqualTo(new Report.Csat(0, null, null));
    assertThat(r.aiDeflectionRate()).isNull();
    assertThat(r.sla().firstResponse().overall()).isNull();
    assertThat(r.heatmap()).allSatisfy(row -> assertThat(row).containsOnly(0L));
    JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(r));
    assertThat(json.get("week").asText()).isEqualTo("2026-W47");
    assertThat(json.get("zone").asText()).isEqualTo("Europe/Vienna");
    assertThat(json.get("empty").asBoolean()).isTrue();
    assertThat(json.at("/firstResponseSeconds/avg").isNull()).isTrue();
    assertThat(json.at("/csat/average").isNull()).isTrue();
    assertThat(json.get("aiDeflectionRate").isNull()).isTrue();
    assertThat(ReportFormat.MD.render(r)).contains("**No data:**");
    assertThat(ReportFormat.HTML.render(r)).contains("No data:").doesNotContain("http://", "https://");
    assertThat(ReportFormat.CSV.render(r)).startsWith("metric,key,value\n").contains("conversations.total,,0\n");
  }

  @Test
  void render_allFormats_carryTheFigures() throws Exception {
    seed(Instant.parse("2026-11-16T00:00:00Z"), Instant.parse("2026-11-23T00:00:00Z"), 40);
    Report r = engine.reports().weekly(LocalDate.of(2026, 11, 18), VIENNA);
    JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(r));
    assertThat(json.at("/conversations/total").asLong()).isEqualTo(r.conversations().total());
    assertThat(json.at("/firstResponseSeconds/median").asDouble()).isEqualTo(r.firstResponseSeconds().median());
    assertThat(json.get("heatmap")).hasSize(7);
    assertThat(json.get("heatmap").get(0)).hasSize(24);
    assertThat(json.at("/insights/spikes/test").asText()).contains("Poisson");
    String html = ReportFormat.HTML.render(r);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script", "src=\"http");
    String md = ReportFormat.MD.render(r);
    assertThat(md).startsWith("# Weekly support report 2026-W47").contains("| Channel | Conversations | Share |");
    assertThat(ReportFormat.CSV.render(r)).contains("conversations.total,," + r.conversations().total() + "\n");
  }

  @Test
  void insights_spikeGapsAndSuggestions_areReported() throws Exception {
    List<ImportConversation> batch = new ArrayList<>();
    Instant monday = Instant.parse("2026-11-16T09:00:00Z");
    for (int w = 1; w <= 4; w++) {
      batch.add(labelled("base-" + w, monday.minus(Duration.ofDays(7L * w)), "refund", true));
    }
    for (int i = 0; i < 12; i++) {
      batch.add(labelled("spike-" + i, monday.plusSeconds(3600L * i), "refund", i % 2 == 0));
    }
    BulkImport.of(SharedPostgres.pool(), 2).write(batch);
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement()) {
      s.execute("insert into kb_gaps (question, best_score, recorded_at) values"
          + " ('Gibt es Ratenzahlung?', 0.2, '2026-11-17T10:00:00Z'),"
          + " ('gibt es ratenzahlung? ', 0.3, '2026-11-18T10:00:00Z'),"
          + " ('Wo ist mein Zertifikat?', null, '2026-11-18T11:00:00Z'),"
          + " ('Alte Frage', 0.1, '2026-11-01T10:00:00Z')");
      s.execute("insert into kb_suggestions (conversation_id, article_id, context, score, suggested_at)"
          + " select id, 'refunds', 'first_response', 0.9, created_at from conversations"
          + " where external_id in ('spike-0', 'spike-1', 'spike-2')");
      c.commit();
    }
    Report week = engine.reports().weekly(LocalDate.of(2026, 11, 18), VIENNA);
    assertThat(week.insights().spikeTest()).contains("Poisson z-score");
    assertThat(week.insights().spikes()).containsExactly(
        new Report.Spike("label", "refund", 12, 1.0, 11.0),
        new Report.Spike("channel", "whatsapp", 12, 1.0, 11.0));
    assertThat(week.insights().topIssues()).containsExactly(new Report.Trend("refund", 12, 1.0));
    assertThat(week.insights().suggestedArticles()).containsExactly(
        new Report.Gap("Gibt es Ratenzahlung?", 2, 0.3), new Report.Gap("Wo ist mein Zertifikat?", 1, null));

    Report month = engine.reports().monthly(YearMonth.of(2026, 11), VIENNA);
    // spike-0 and spike-2 were resolved by the bot alone; spike-1 is open.
    assertThat(month.insights().ai()).isEqualTo(new Report.Ai(month.aiDeflectionRate(), 3, 2));
    assertThat(month.aiDeflectionRate()).isEqualTo(1.0);
  }

  private static ImportConversation labelled(String id, Instant created, String label, boolean botResolved) {
    List<ImportConversation.ImportMessage> ms = List.of(
        msg(id, 0, MessageKind.INCOMING, null, created),
        msg(id, 1, MessageKind.OUTGOING, botResolved ? Sender.bot() : Sender.agent("anna"), created.plusSeconds(10)));
    return new ImportConversation(id, "wa", ChannelType.WHATSAPP,
        new ImportConversation.Contact("contact-" + id, null, null, null, false), null, null,
        botResolved ? Status.RESOLVED : Status.OPEN, Priority.NORMAL, Set.of(label), created,
        botResolved ? created.plusSeconds(60) : null, null, ms);
  }

  // ------------------------------------------------------------------ data

  private void seed(Instant start, Instant end, int n) throws Exception {
    seed(start, end, n, false);
  }

  private void seed(Instant start, Instant end, int n, boolean throughEngine) throws Exception {
    Random rnd = new Random(47);
    List<ImportConversation> batch = new ArrayList<>();
    long span = Duration.between(start, end).getSeconds();
    for (int i = 0; i < n; i++) {
      batch.add(conversation(rnd, "c" + i, start.plusSeconds((long) (rnd.nextDouble() * span))));
    }
    // Around local midnight Sunday/Monday, in summer time, in winter time and on the DST night.
    for (String t : List.of("2026-10-18T21:59:59Z", "2026-10-18T22:00:00Z", "2026-10-25T22:59:59Z",
        "2026-10-25T23:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-11-15T22:59:59Z",
        "2026-11-15T23:00:00Z", "2026-11-22T22:59:59Z", "2026-11-22T23:00:00Z", "2026-11-30T22:59:59Z",
        "2026-11-30T23:00:00Z", "2026-10-31T22:59:59Z", "2026-10-31T23:00:00Z")) {
      batch.add(conversation(rnd, "edge-" + t, Instant.parse(t)));
    }
    if (throughEngine) {
      for (int i = 0; i < batch.size(); i += 50) {
        List<ImportConversation> part = batch.subList(i, Math.min(batch.size(), i + 50));
        List<ImportResult> results = engine.importConversations(part);
        for (int k = 0; k < part.size(); k++) {
          ids.put(part.get(k).externalId(), results.get(k).conversationId());
        }
      }
    } else {
      // The COPY path writes the same rows, much faster; ReportCliIT covers the engine's import.
      BulkImport.of(SharedPostgres.pool(), 1).write(batch);
      try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select external_id, id from conversations")) {
        while (rs.next()) {
          ids.put(rs.getString(1), rs.getObject(2, UUID.class));
        }
        c.rollback();
      }
    }
    imported.addAll(batch);
    writeClocks(rnd);
  }

  private ImportConversation conversation(Random rnd, String id, Instant created) {
    int ch = rnd.nextInt(INBOXES.length);
    List<ImportConversation.ImportMessage> messages = new ArrayList<>();
    Instant t = created;
    int shape = rnd.nextInt(10);
    int m = 0;
    if (shape == 0) {
      // Bot-only: the bot answers and the customer is happy.
      messages.add(msg(id, m++, MessageKind.INCOMING, null, t));
      messages.add(msg(id, m++, MessageKind.OUTGOING, Sender.bot(), t = t.plusSeconds(5 + rnd.nextInt(60))));
      if (rnd.nextBoolean()) {
        messages.add(msg(id, m++, MessageKind.INCOMING, null, t = t.plusSeconds(30 + rnd.nextInt(300))));
        messages.add(msg(id, m++, MessageKind.OUTGOING, Sender.bot(), t = t.plusSeconds(3)));
      }
    } else if (shape == 1) {
      // Only a customer message, never answered.
      messages.add(msg(id, m++, MessageKind.INCOMING, null, t));
    } else {
      int rounds = 1 + rnd.nextInt(4);
      for (int k = 0; k < rounds; k++) {
        int customer = 1 + rnd.nextInt(3);
        for (int c = 0; c < customer; c++) {
          messages.add(msg(id, m++, MessageKind.INCOMING, null, t = t.plusSeconds(rnd.nextInt(600))));
        }
        if (rnd.nextInt(3) == 0) {
          // A private note before the reply does not count as a response.
          messages.add(msg(id, m++, MessageKind.NOTE, Sender.agent(AGENTS[rnd.nextInt(3)]),
              t = t.plusSeconds(1 + rnd.nextInt(900))));
        }
        if (rnd.nextInt(4) == 0) {
          messages.add(msg(id, m++, MessageKind.OUTGOING, Sender.bot(), t = t.plusSeconds(2)));
        }
        if (rnd.nextInt(6) == 0) {
          messages.add(msg(id, m++, MessageKind.ACTIVITY, Sender.system(), t = t.plusSeconds(1)));
        }
        if (k < rounds - 1 || rnd.nextInt(5) > 0) {
          long wait = rnd.nextInt(4) == 0 ? 3600L * (1 + rnd.nextInt(60)) : 30 + rnd.nextInt(5400);
          messages.add(msg(id, m++, MessageKind.OUTGOING, Sender.agent(AGENTS[rnd.nextInt(3)]),
              t = t.plusSeconds(wait)));
          if (rnd.nextInt(4) == 0) {
            messages.add(msg(id, m++, MessageKind.OUTGOING, Sender.agent(AGENTS[rnd.nextInt(3)]),
                t = t.plusSeconds(60)));
          }
        }
      }
    }
    boolean resolved = rnd.nextInt(3) > 0;
    Instant resolvedAt = resolved ? t.plusSeconds(60 + rnd.nextInt(86400)) : null;
    Set<String> labels = new LinkedHashSet<>();
    for (int k = rnd.nextInt(3); k > 0; k--) {
      labels.add(LABELS[rnd.nextInt(LABELS.length)]);
    }
    CsatView csat = resolved && rnd.nextBoolean()
        // Sometimes a week or more later: counted in the week it was submitted.
        ? new CsatView(1 + rnd.nextInt(5), null, resolvedAt.plusSeconds(rnd.nextInt(10 * 86400)))
        : null;
    String assignee = rnd.nextInt(4) == 0 ? null : AGENTS[rnd.nextInt(3)];
    String team = rnd.nextInt(4) == 0 ? null : rnd.nextBoolean() ? "support" : "tech";
    Priority priority = Priority.values()[rnd.nextInt(Priority.values().length)];
    return new ImportConversation(id, INBOXES[ch], CHANNELS[ch],
        new ImportConversation.Contact("contact-" + id, null, null, null, false), assignee, team,
        resolved ? Status.RESOLVED : rnd.nextBoolean() ? Status.OPEN : Status.PENDING, priority, labels,
        created, resolvedAt, csat, messages);
  }

  private static ImportConversation.ImportMessage msg(String id, int n, MessageKind kind, Sender sender, Instant at) {
    Sender s = sender != null ? sender : new Sender(SenderType.CONTACT, "contact-" + id);
    return new ImportConversation.ImportMessage(id + "-m" + n, kind, s, "text " + n, at);
  }

  private void writeClocks(Random rnd) throws Exception {
    try (Connection c = SharedPostgres.pool().getConnection();
        PreparedStatement ps = c.prepareStatement("insert into sla_clocks (id, conversation_id, metric, policy,"
            + " calendar, target_ms, warn_after_ms, started_at, running_since, elapsed_ms, warn_at, due_at,"
            + " paused_at, warned_at, breached_at, stopped_at) values (?, ?, ?, 'p', '24/7', 3600000, 0, ?, ?,"
            + " 0, ?, ?, null, null, ?, ?)")) {
      for (ImportConversation conv : imported) {
        if (!clocked.test(conv.externalId())) {
          continue;
        }
        for (String metric : List.of("first-response", "resolution", "next-response")) {
          if (rnd.nextInt(3) == 0) {
            continue;
          }
          int state = rnd.nextInt(4); // 0 met, 1 breached and stopped, 2 breached running, 3 running
          Instant s = conv.createdAt();
          ps.setObject(1, UUID.randomUUID());
          ps.setObject(2, ids.get(conv.externalId()));
          ps.setString(3, metric);
          ps.setTimestamp(4, Timestamp.from(s));
          ps.setTimestamp(5, state >= 2 ? Timestamp.from(s) : null);
          ps.setTimestamp(6, Timestamp.from(s));
          ps.setTimestamp(7, Timestamp.from(s.plusSeconds(3600)));
          ps.setTimestamp(8, state == 1 || state == 2 ? Timestamp.from(s.plusSeconds(3600)) : null);
          ps.setTimestamp(9, state <= 1 ? Timestamp.from(s.plusSeconds(1800)) : null);
          ps.addBatch();
          clocks.add(new Object[] {conv.externalId(), metric, state <= 2, state == 0});
        }
      }
      ps.executeBatch();
      c.commit();
    }
  }

  // ------------------------------------------------------------------ independent figures

  private void check(Report r) {
    Instant from = r.from();
    Instant to = r.to();
    assertThat(from).isEqualTo(r.period().first().atStartOfDay(r.zone()).toInstant());
    List<ImportConversation> in = imported.stream().filter(c -> {
      LocalDate d = c.createdAt().atZone(r.zone()).toLocalDate();
      return !d.isBefore(r.period().first()) && d.isBefore(r.period().end());
    }).toList();
    assertThat(in).as("the test data must reach into the period").isNotEmpty();

    assertThat(r.conversations().total()).isEqualTo(in.size());
    Map<String, Long> byChannel = new TreeMap<>();
    in.forEach(c -> byChannel.merge(c.channel().wire(), 1L, Long::sum));
    assertThat(r.conversations().byChannel()).containsExactlyEntriesOf(byChannel);

    List<Double> first = new ArrayList<>();
    List<Double> business = new ArrayList<>();
    List<Double> replies = new ArrayList<>();
    for (ImportConversation c : in) {
      List<ImportConversation.ImportMessage> ms = new ArrayList<>(c.messages());
      // by time; at one instant the customer's message comes before the reply that answers it
      ms.sort(Comparator.comparing(ImportConversation.ImportMessage::createdAt)
          .thenComparing(x -> x.direction() != MessageKind.INCOMING));
      Instant t0 = ms.stream().filter(x -> x.direction() == MessageKind.INCOMING).findFirst()
          .map(ImportConversation.ImportMessage::createdAt).orElse(null);
      if (t0 != null) {
        ms.stream().filter(ReportIT::human).map(ImportConversation.ImportMessage::createdAt)
            .filter(t -> !t.isBefore(t0)).findFirst().ifPresent(t1 -> {
              first.add(seconds(t0, t1));
              business.add(office.businessTime(t0, t1).toNanos() / 1e9);
            });
      }
      // every customer message waits on us until the next human reply
      List<Instant> waiting = new ArrayList<>();
      for (ImportConversation.ImportMessage x : ms) {
        if (x.direction() == MessageKind.INCOMING) {
          waiting.add(x.createdAt());
        } else if (human(x)) {
          waiting.forEach(w -> replies.add(seconds(w, x.createdAt())));
          waiting.clear();
        }
      }
    }
    durations(r.firstResponseSeconds(), first);
    durations(r.firstResponseBusinessSeconds(), business);
    durations(r.replyTimeSeconds(), replies);
    durations(r.resolutionSeconds(), in.stream().filter(c -> c.status() == Status.RESOLVED)
        .map(c -> seconds(c.createdAt(), c.resolvedAt())).toList());

    List<Integer> ratings = imported.stream().map(ImportConversation::csat)
        .filter(x -> x != null && !x.submittedAt().isBefore(from) && x.submittedAt().isBefore(to))
        .map(CsatView::rating).toList();
    assertThat(r.csat().responses()).isEqualTo(ratings.size());
    if (ratings.isEmpty()) {
      assertThat(r.csat().average()).isNull();
      assertThat(r.csat().satisfiedShare()).isNull();
    } else {
      assertThat(r.csat().average()).isCloseTo(ratings.stream().mapToInt(i -> i).average().orElseThrow(),
          within(1e-9));
      assertThat(r.csat().satisfiedShare()).isCloseTo(
          ratings.stream().filter(x -> x >= 4).count() / (double) ratings.size(), within(1e-9));
    }

    List<ImportConversation> resolved = in.stream().filter(c -> c.status() == Status.RESOLVED).toList();
    if (resolved.isEmpty()) {
      assertThat(r.aiDeflectionRate()).isNull();
    } else {
      long deflected = resolved.stream().filter(c -> {
        List<ImportConversation.ImportMessage> out = c.messages().stream()
            .filter(x -> x.direction() == MessageKind.OUTGOING).toList();
        return !out.isEmpty() && out.stream().allMatch(x -> x.sender().type() == SenderType.BOT);
      }).count();
      assertThat(r.aiDeflectionRate()).isCloseTo(deflected / (double) resolved.size(), within(1e-9));
    }

    Map<String, Long> labels = new TreeMap<>();
    in.forEach(c -> c.labels().forEach(l -> labels.merge(l, 1L, Long::sum)));
    List<Report.LabelCount> top = labels.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5).map(e -> new Report.LabelCount(e.getKey(), e.getValue())).toList();
    assertThat(r.topLabels()).containsExactlyElementsOf(top);

    Map<String, long[]> agents = new TreeMap<>();
    in.stream().filter(c -> c.assignee() != null).forEach(c -> {
      long[] a = agents.computeIfAbsent(c.assignee(), k -> new long[2]);
      a[0]++;
      a[1] += c.status() == Status.RESOLVED ? 1 : 0;
    });
    assertThat(r.agents()).containsExactlyElementsOf(agents.entrySet().stream()
        .map(e -> new Report.AgentLoad(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());

    long[][] heat = new long[7][24];
    in.forEach(c -> {
      var local = c.createdAt().atZone(r.zone());
      heat[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
    });
    for (int d = 0; d < 7; d++) {
      assertThat(r.heatmap().get(d)).as("heatmap row " + d)
          .containsExactlyElementsOf(Arrays.stream(heat[d]).boxed().toList());
    }

    Set<String> ext = new LinkedHashSet<>(in.stream().map(ImportConversation::externalId).toList());
    Map<String, ImportConversation> byId = new LinkedHashMap<>();
    in.forEach(c -> byId.put(c.externalId(), c));
    shares(r.sla().firstResponse(), "first-response", ext, byId, clocks);
    shares(r.sla().resolution(), "resolution", ext, byId, clocks);
  }

  private List<Long> expectedTeams(Report r) {
    Map<String, Long> teams = new TreeMap<>();
    imported.stream().filter(c -> {
      LocalDate d = c.createdAt().atZone(r.zone()).toLocalDate();
      return !d.isBefore(r.period().first()) && d.isBefore(r.period().end());
    }).forEach(c -> teams.merge(c.team() == null ? "none" : c.team(), 1L, Long::sum));
    return List.copyOf(teams.values());
  }

  private void shares(Report.Shares s, String metric, Set<String> ext, Map<String, ImportConversation> byId,
      List<Object[]> clocks) {
    List<Object[]> mine = clocks.stream().filter(k -> k[1].equals(metric) && ext.contains((String) k[0])
        && (Boolean) k[2]).toList();
    assertThat(s.clocks()).isEqualTo(mine.size());
    if (mine.isEmpty()) {
      assertThat(s.overall()).isNull();
      return;
    }
    assertThat(s.overall()).isCloseTo(share(mine, k -> true), within(1e-9));
    Map<String, Double> teams = new TreeMap<>();
    mine.stream().map(k -> byId.get((String) k[0]).team()).filter(t -> t != null).distinct()
        .forEach(t -> teams.put(t, share(mine, k -> t.equals(byId.get((String) k[0]).team()))));
    assertThat(s.byTeam()).containsExactlyEntriesOf(teams);
    Map<String, Double> prios = new LinkedHashMap<>();
    for (Priority p : Priority.values()) {
      if (mine.stream().anyMatch(k -> byId.get((String) k[0]).priority() == p)) {
        prios.put(p.wire(), share(mine, k -> byId.get((String) k[0]).priority() == p));
      }
    }
    assertThat(s.byPriority()).containsExactlyEntriesOf(prios);
  }

  private static double share(List<Object[]> clocks, Predicate<Object[]> which) {
    List<Object[]> some = clocks.stream().filter(which).toList();
    return some.stream().filter(k -> (Boolean) k[3]).count() / (double) some.size();
  }

  private static boolean human(ImportConversation.ImportMessage m) {
    return m.direction() == MessageKind.OUTGOING && m.sender().type() == SenderType.AGENT;
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toNanos() / 1e9;
  }

  /** Count, mean and percentiles interpolated linearly between ranks, like percentile_cont. */
  private static void durations(Report.Durations d, List<Double> values) {
    assertThat(d.count()).isEqualTo(values.size());
    if (values.isEmpty()) {
      assertThat(d.avg()).isNull();
      assertThat(d.median()).isNull();
      assertThat(d.p90()).isNull();
      return;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertThat(d.avg()).isCloseTo(Arrays.stream(v).average().orElseThrow(), within(SECONDS));
    assertThat(d.median()).isCloseTo(percentile(v, 0.5), within(SECONDS));
    assertThat(d.p90()).isCloseTo(percentile(v, 0.9), within(SECONDS));
  }

  private static double percentile(double[] sorted, double p) {
    double pos = p * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
