package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.assertj.core.api.SoftAssertions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hidden data set's path, {@code support import conversations} then {@code support report
 * weekly|monthly --format json}, over a generated file full of edge cases (messages out of order
 * and at equal instants, replies before the first customer message, notes, activities, bot and
 * system messages, conversations without messages, ratings submitted in other weeks, label ties,
 * DST weeks, local midnight on Sunday/Monday, another zone, a month). Every JSON field is compared
 * with an oracle written here from the definitions, in plain Java over the generated
 * records: counts exact, seconds within a millisecond, ratios within 1e-9.
 */
@ExtendWith(PostgresExtension.class)
class ReportHiddenSetIT {
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  /**
   * The reference workspace plus a policy for VIP contacts (normal priority, 24/7), so that the
   * SLA shares also depend on the contact's VIP flag.
   */
  private static final String VIP_POLICY = """
        - id: vip-normal
          priority: normal
          vip: true
          firstResponse: 30m
          resolution: 8h
          businessHours: false
      """;
  private static Workspace WS;
  private static final List<String> AGENTS = List.of("thomas", "sabine", "lukas", "katharina", "florian", "lena");
  private static final List<String> TEAMS = List.of("support", "tech", "sales", "spiritual", "admin");
  private static final List<String> LABELS = List.of("billing", "refund", "access", "bug", "meditation", "a-1", "z_9");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<Conv> data = new ArrayList<>();
  private String db;
  private String ws;

  record Msg(String id, String direction, String sender, Instant at) {
    boolean human() {
      return direction.equals("outgoing") && sender.startsWith("agent:");
    }
  }

  record Conv(String id, Inbox inbox, boolean vip, @Nullable String assignee, @Nullable String team,
      String status, Priority priority, List<String> labels, Instant created, @Nullable Instant resolvedAt,
      @Nullable Integer rating, @Nullable Instant ratedAt, List<Msg> messages) {
    boolean resolved() {
      return status.equals("resolved");
    }

    /** Incoming and outgoing messages by time; at one instant a customer message comes first. */
    List<Msg> timeline() {
      List<Msg> out = new ArrayList<>(messages.stream()
          .filter(m -> m.direction.equals("incoming") || m.direction.equals("outgoing")).toList());
      out.sort(Comparator.comparing(Msg::at).thenComparing(m -> !m.direction.equals("incoming")));
      return out;
    }

    @Nullable Instant firstIncoming() {
      return messages.stream().filter(m -> m.direction.equals("incoming")).map(Msg::at)
          .min(Comparator.naturalOrder()).orElse(null);
    }

    @Nullable Instant firstHumanReply() {
      Instant t0 = firstIncoming();
      return t0 == null ? null : messages.stream().filter(m -> m.human() && !m.at.isBefore(t0))
          .map(Msg::at).min(Comparator.naturalOrder()).orElse(null);
    }
  }

  @BeforeEach
  void importData() throws Exception {
    Path workspace = dir.resolve("workspace");
    try (var files = Files.walk(Cli.REFERENCE_WORKSPACE)) {
      for (Path from : files.toList()) {
        Path to = workspace.resolve(Cli.REFERENCE_WORKSPACE.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    Files.writeString(workspace.resolve("sla.yaml"), Files.readString(workspace.resolve("sla.yaml")) + VIP_POLICY);
    WS = WorkspaceLoader.load(workspace);
    assertThat(WS.sla().policy(Priority.NORMAL, "ozean-licht", "ol-web", true).orElseThrow().id()).isEqualTo("vip-normal");
    generate();
    Path file = dir.resolve("hidden.jsonl");
    List<String> lines = new ArrayList<>();
    for (Conv c : data) {
      lines.add(JSON.writeValueAsString(line(c)));
    }
    Files.write(file, lines);
    db = SharedPostgres.jdbcUrl();
    ws = workspace.toString();
    Cli.Result r = new Cli(dir).run("import", "conversations", file.toString(), "--workspace", ws, "--db", db);
    assertThat(r.code()).as(r.toString()).isZero();
  }

  @Test
  void everyField_matchesTheDefinitions() throws Exception {
    SoftAssertions soft = new SoftAssertions();
    // 2026-W43 holds the end of summer time in Vienna (Sunday 25 October), W44 the one in New York.
    for (String week : List.of("2026-W41", "2026-W43", "2026-W44", "2026-W30")) {
      check(soft, week, VIENNA, "weekly", "--week", week);
    }
    check(soft, "2026-W44", NEW_YORK, "weekly", "--week", "2026-W44", "--zone", NEW_YORK.getId());
    check(soft, "2026-10", VIENNA, "monthly", "--month", "2026-10");
    soft.assertAll();
  }

  private void check(SoftAssertions soft, String label, ZoneId zone, String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("report"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--format", "json", "--workspace", ws, "--db", db));
    Cli.Result r = new Cli(dir).run(argv.toArray(String[]::new));
    Instant now = Instant.now();
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode actual = JSON.readTree(r.out());
    Instant from;
    Instant to;
    if (args[0].equals("weekly")) {
      assertThat(actual.get("week").asText()).isEqualTo(label);
      LocalDate monday = LocalDate.parse(label + "-1", java.time.format.DateTimeFormatter.ISO_WEEK_DATE);
      from = monday.atStartOfDay(zone).toInstant();
      to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
    } else {
      assertThat(actual.get("month").asText()).isEqualTo(label);
      YearMonth m = YearMonth.parse(label);
      from = m.atDay(1).atStartOfDay(zone).toInstant();
      to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }
    assertThat(actual.get("zone").asText()).isEqualTo(zone.getId());
    ObjectNode expected = expected(from, to, zone, now);
    expected.fieldNames().forEachRemaining(field ->
        compare(soft, label + " " + zone + " " + field, expected.get(field), actual.get(field)));
  }

  /** Counts and strings exactly, numbers within 1e-3 (seconds) or relative 1e-9, nulls as nulls. */
  private static void compare(SoftAssertions soft, String path, JsonNode expected, @Nullable JsonNode actual) {
    if (actual == null) {
      soft.fail(path + " is missing");
      return;
    }
    if (expected.isObject()) {
      soft.assertThat(iterable(actual.fieldNames())).as(path + " fields").containsExactlyElementsOf(iterable(expected.fieldNames()));
      expected.fieldNames().forEachRemaining(f -> compare(soft, path + "." + f, expected.get(f), actual.get(f)));
    } else if (expected.isArray()) {
      soft.assertThat(actual.size()).as(path + " size, actual " + actual).isEqualTo(expected.size());
      if (actual.size() != expected.size()) {
        return;
      }
      for (int i = 0; i < expected.size(); i++) {
        compare(soft, path + "[" + i + "]", expected.get(i), actual.get(i));
      }
    } else if (expected.isNull()) {
      soft.assertThat(actual.isNull()).as(path + " should be null, was " + actual).isTrue();
    } else if (expected.isIntegralNumber()) {
      soft.assertThat(actual.isIntegralNumber()).as(path + " should be a count, was " + actual).isTrue();
      soft.assertThat(actual.asLong()).as(path).isEqualTo(expected.asLong());
    } else if (expected.isNumber()) {
      soft.assertThat(actual.isNumber()).as(path + " should be a number, was " + actual).isTrue();
      soft.assertThat(actual.asDouble()).as(path).isCloseTo(expected.asDouble(), within(1e-3));
    } else {
      soft.assertThat(actual.asText()).as(path).isEqualTo(expected.asText());
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  // ------------------------------------------------------------------ the oracle

  private ObjectNode expected(Instant from, Instant to, ZoneId zone, Instant now) {
    Predicate<Instant> in = t -> !t.isBefore(from) && t.isBefore(to);
    List<Conv> period = data.stream().filter(c -> in.test(c.created)).toList();
    ObjectNode n = JSON.createObjectNode();
    ObjectNode conv = n.putObject("conversations");
    conv.put("total", (long) period.size());
    Map<String, Long> byChannel = new TreeMap<>();
    period.forEach(c -> byChannel.merge(c.inbox.channel().wire(), 1L, Long::sum));
    ObjectNode bc = conv.putObject("byChannel");
    byChannel.forEach(bc::put);

    List<Double> first = new ArrayList<>();
    List<Double> business = new ArrayList<>();
    List<Double> reply = new ArrayList<>();
    List<Double> resolution = new ArrayList<>();
    for (Conv c : period) {
      Instant t0 = c.firstIncoming();
      Instant t1 = c.firstHumanReply();
      if (t1 != null) {
        first.add(seconds(t0, t1));
        business.add(WS.sla().calendar(WS.sla().calendarId(c.inbox.calendar())).businessTime(t0, t1).toMillis() / 1000.0);
      }
      // every customer message waits on us until the next human reply
      List<Instant> waiting = new ArrayList<>();
      for (Msg m : c.timeline()) {
        if (m.direction.equals("incoming")) {
          waiting.add(m.at);
        } else if (m.human()) {
          waiting.forEach(w -> reply.add(seconds(w, m.at)));
          waiting.clear();
        }
      }
      if (c.resolved()) {
        resolution.add(seconds(c.created, c.resolvedAt));
      }
    }
    n.set("firstResponseSeconds", durations(first));
    n.set("firstResponseBusinessSeconds", durations(business));
    n.set("resolutionSeconds", durations(resolution));
    n.set("replyTimeSeconds", durations(reply));

    List<Integer> ratings = data.stream().filter(c -> c.rating != null && in.test(c.ratedAt)).map(Conv::rating).toList();
    ObjectNode csat = n.putObject("csat");
    csat.put("responses", (long) ratings.size());
    putRatio(csat, "average", ratings.stream().mapToDouble(Integer::doubleValue).sum(), ratings.size());
    putRatio(csat, "satisfiedShare", ratings.stream().filter(r -> r >= 4).count(), ratings.size());

    List<Conv> resolved = period.stream().filter(Conv::resolved).toList();
    long deflected = resolved.stream().filter(c -> {
      List<Msg> out = c.messages.stream().filter(m -> m.direction.equals("outgoing")).toList();
      return !out.isEmpty() && out.stream().allMatch(m -> m.sender.equals("bot"));
    }).count();
    putRatio(n, "aiDeflectionRate", deflected, resolved.size());

    Map<String, Long> labels = new TreeMap<>();
    period.forEach(c -> c.labels.forEach(l -> labels.merge(l, 1L, Long::sum)));
    ArrayNode top = n.putArray("topLabels");
    labels.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(5).forEach(e -> top.addObject().put("label", e.getKey()).put("count", e.getValue()));

    Map<String, long[]> agents = new TreeMap<>();
    period.stream().filter(c -> c.assignee != null).forEach(c -> {
      long[] a = agents.computeIfAbsent(c.assignee, k -> new long[2]);
      a[0]++;
      a[1] += c.resolved() ? 1 : 0;
    });
    ArrayNode ag = n.putArray("agents");
    agents.forEach((k, v) -> ag.addObject().put("agent", k).put("assigned", v[0]).put("resolved", v[1]));

    long[][] heat = new long[7][24];
    period.forEach(c -> {
      ZonedDateTime local = c.created.atZone(zone);
      heat[local.getDayOfWeek().getValue() - 1][local.getHour()]++;
    });
    ArrayNode hm = n.putArray("heatmap");
    for (long[] row : heat) {
      ArrayNode a = hm.addArray();
      for (long v : row) {
        a.add(v);
      }
    }

    ObjectNode sla = n.putObject("sla");
    sla.set("firstResponse", sla(period, SlaMetric.FIRST_RESPONSE, now));
    sla.set("resolution", sla(period, SlaMetric.RESOLUTION, now));
    return n;
  }

  /** The README's rule for conversations without clock rows (all imported ones). */
  private static ObjectNode sla(List<Conv> period, SlaMetric metric, Instant now) {
    long[] overall = new long[2];
    Map<String, long[]> teams = new TreeMap<>();
    Map<Priority, long[]> priorities = new TreeMap<>();
    SlaConfig config = WS.sla();
    for (Conv c : period) {
      SlaPolicy policy = config.policy(c.priority, c.inbox.brand(), c.inbox.id(), c.vip).orElse(null);
      if (policy == null || policy.target(metric).isEmpty()) {
        continue;
      }
      Duration target = policy.target(metric).get();
      var calendar = config.calendar(config.clockCalendarId(policy, c.inbox.calendar()));
      Instant start;
      Instant end;
      if (metric == SlaMetric.FIRST_RESPONSE) {
        start = c.firstIncoming();
        if (start == null) {
          continue;
        }
        Instant reply = c.firstHumanReply();
        end = reply != null ? reply : c.resolved() ? c.resolvedAt : null;
      } else {
        start = c.created;
        end = c.resolved() ? c.resolvedAt : null;
      }
      Boolean met;
      if (end != null) {
        met = calendar.businessTime(start, end).compareTo(target) <= 0;
      } else {
        met = calendar.businessTime(start, now).compareTo(target) > 0 ? false : null;
      }
      if (met == null) {
        continue;
      }
      for (long[] a : new long[][] {overall, c.team == null ? new long[2] : teams.computeIfAbsent(c.team, k -> new long[2]),
          priorities.computeIfAbsent(c.priority, k -> new long[2])}) {
        a[0] += met ? 1 : 0;
        a[1]++;
      }
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("clocks", overall[1]);
    putRatio(n, "overall", overall[0], overall[1]);
    ObjectNode byTeam = n.putObject("byTeam");
    teams.forEach((k, v) -> byTeam.put(k, v[0] / (double) v[1]));
    ObjectNode byPriority = n.putObject("byPriority");
    priorities.forEach((k, v) -> byPriority.put(k.wire(), v[0] / (double) v[1]));
    return n;
  }

  private static double seconds(Instant a, Instant b) {
    return Duration.between(a, b).toMillis() / 1000.0;
  }

  private static void putRatio(ObjectNode n, String field, double part, long whole) {
    if (whole == 0) {
      n.putNull(field);
    } else {
      n.put(field, part / whole);
    }
  }

  /** count, avg, and median and p90 interpolated between ranks (percentile_cont). */
  private static ObjectNode durations(List<Double> values) {
    ObjectNode n = JSON.createObjectNode();
    n.put("count", (long) values.size());
    if (values.isEmpty()) {
      n.putNull("avg").putNull("median").putNull("p90");
      return n;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    n.put("avg", sorted.stream().mapToDouble(Double::doubleValue).sum() / sorted.size());
    n.put("median", percentile(sorted, 0.5));
    n.put("p90", percentile(sorted, 0.9));
    return n;
  }

  private static double percentile(List<Double> sorted, double p) {
    double rank = p * (sorted.size() - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
  }

  // ------------------------------------------------------------------ the data

  private void generate() {
    SplittableRandom rnd = new SplittableRandom(8);
    List<Inbox> inboxes = WS.inboxes();
    // Monday 00:00 local of the weeks around the DST changes, in both zones: creation instants on,
    // just before and just after them.
    List<Instant> edges = new ArrayList<>();
    for (LocalDate d = LocalDate.of(2026, 10, 5); d.isBefore(LocalDate.of(2026, 11, 17)); d = d.plusDays(1)) {
      if (d.getDayOfWeek() == DayOfWeek.MONDAY || d.getDayOfMonth() == 1) {
        edges.add(d.atStartOfDay(VIENNA).toInstant());
        edges.add(d.atStartOfDay(NEW_YORK).toInstant());
      }
    }
    Instant start = LocalDate.of(2026, 10, 4).atStartOfDay(VIENNA).toInstant();
    long span = Duration.ofDays(42).toSeconds();
    for (int i = 0; i < 400; i++) {
      Instant created = rnd.nextInt(6) == 0
          ? edges.get(rnd.nextInt(edges.size())).plusSeconds(rnd.nextInt(3) - 1)
          : start.plusSeconds(rnd.nextLong(span));
      if (rnd.nextInt(10) == 0) {
        // The repeated hour of 25 October in Vienna (02:00-03:00 local happens twice).
        created = Instant.parse("2026-10-25T00:00:00Z").plusSeconds(rnd.nextInt(7200));
      }
      Inbox inbox = inboxes.get(rnd.nextInt(inboxes.size()));
      String status = List.of("open", "pending", "resolved", "resolved").get(rnd.nextInt(4));
      List<Msg> messages = new ArrayList<>();
      int count = rnd.nextInt(9);
      Instant t = created;
      for (int k = 0; k < count; k++) {
        if (rnd.nextInt(4) != 0) {
          // sometimes at the same instant as the one before (a reply at the customer's second)
          t = t.plusSeconds(rnd.nextInt(3) == 0 ? rnd.nextInt(60) : rnd.nextInt(36 * 3600));
        }
        Instant at = k == 0 && rnd.nextInt(8) == 0 ? created.minusSeconds(rnd.nextInt(600)) : t;
        int kind = rnd.nextInt(20);
        String direction;
        String sender;
        if (kind < 8) {
          direction = "incoming";
          sender = "contact";
        } else if (kind < 15) {
          direction = "outgoing";
          int s = rnd.nextInt(10);
          sender = s < 6 ? "agent:" + AGENTS.get(rnd.nextInt(AGENTS.size())) : s < 9 ? "bot" : "system";
        } else if (kind < 18) {
          direction = "note";
          sender = rnd.nextInt(4) == 0 ? "system" : "agent:" + AGENTS.get(rnd.nextInt(AGENTS.size()));
        } else {
          direction = "activity";
          sender = "system";
        }
        messages.add(new Msg("m" + k, direction, sender, at));
      }
      if (rnd.nextBoolean()) {
        Collections.shuffle(messages, new java.util.Random(rnd.nextLong()));
      }
      Instant resolvedAt = null;
      if (status.equals("resolved")) {
        Instant last = messages.stream().map(Msg::at).max(Comparator.naturalOrder()).orElse(created);
        resolvedAt = (last.isAfter(created) ? last : created).plusSeconds(rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3 * 86_400));
        if (rnd.nextInt(10) == 0) {
          resolvedAt = created.plusSeconds(rnd.nextInt(3600)); // before some of its messages
        }
      }
      Integer rating = null;
      Instant ratedAt = null;
      if (rnd.nextInt(3) == 0) {
        rating = 1 + rnd.nextInt(5);
        ratedAt = created.plusSeconds(rnd.nextLong(-2 * 86_400, 16 * 86_400));
      }
      List<String> labels = new ArrayList<>();
      for (int k = rnd.nextInt(4); k > 0; k--) {
        String l = LABELS.get(rnd.nextInt(LABELS.size()));
        if (!labels.contains(l)) {
          labels.add(l);
        }
      }
      data.add(new Conv("h-" + i, inbox, rnd.nextInt(7) == 0,
          rnd.nextInt(4) == 0 ? null : AGENTS.get(rnd.nextInt(AGENTS.size())),
          rnd.nextInt(5) == 0 ? null : TEAMS.get(rnd.nextInt(TEAMS.size())), status,
          Priority.values()[rnd.nextInt(Priority.values().length)], labels, created, resolvedAt,
          rating, ratedAt, messages));
    }
    // Hand-made: an incoming message and the human reply at the same instant, the reply written
    // first in the file; and a reply before the first customer message.
    Instant mon = LocalDate.of(2026, 10, 12).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .atTime(10, 0).atZone(VIENNA).toInstant();
    Inbox web = WS.inbox("ol-web").orElseThrow();
    data.add(new Conv("tie", web, false, "lena", "tech", "resolved", Priority.NORMAL, List.of("bug"), mon,
        mon.plusSeconds(600), null, null, List.of(new Msg("a", "outgoing", "agent:lena", mon),
            new Msg("b", "incoming", "contact", mon))));
    data.add(new Conv("early", web, false, "lena", "tech", "open", Priority.HIGH, List.of(), mon,
        null, null, null, List.of(new Msg("a", "outgoing", "agent:lena", mon),
            new Msg("b", "incoming", "contact", mon.plusSeconds(60)),
            new Msg("c", "note", "agent:lena", mon.plusSeconds(70)),
            new Msg("d", "outgoing", "agent:lena", mon.plusSeconds(90)))));
  }

  private static ObjectNode line(Conv c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("externalId", c.id).put("inbox", c.inbox.id()).put("channel", c.inbox.channel().wire());
    n.putObject("contact").put("externalId", "contact-" + c.id).put("vip", c.vip);
    if (c.assignee != null) {
      n.put("assignee", c.assignee);
    }
    if (c.team != null) {
      n.put("team", c.team);
    }
    n.put("status", c.status).put("priority", c.priority.wire());
    ArrayNode labels = n.putArray("labels");
    c.labels.forEach(labels::add);
    n.put("createdAt", c.created.toString());
    if (c.resolvedAt != null) {
      n.put("resolvedAt", c.resolvedAt.toString());
    }
    if (c.rating != null) {
      n.putObject("csat").put("rating", c.rating).put("submittedAt", c.ratedAt.toString());
    }
    ArrayNode ms = n.putArray("messages");
    for (Msg m : c.messages) {
      ms.addObject().put("externalId", m.id).put("direction", m.direction).put("sender", m.sender)
          .put("body", "text " + m.id).put("createdAt", m.at.toString());
    }
    return n;
  }
}
