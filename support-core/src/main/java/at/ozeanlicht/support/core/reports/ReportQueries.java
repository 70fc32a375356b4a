package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The report's SQL. Every query starts from {@code conv}, the support conversations created in the
 * period (index conversations_created, V9), and reaches their messages through the
 * messages_conversation index; all figures are aggregates computed by PostgreSQL, so Java only
 * ever sees a handful of rows. Runs on one connection in one REPEATABLE READ transaction, so all
 * figures describe the same snapshot.
 */
final class ReportQueries {
  /**
   * The period's conversations with their channel and business calendar (null for 24/7) from the
   * workspace's inboxes, handed over as parallel arrays. Parameters: inboxes, channels, calendars,
   * from, to.
   */
  private static final String CONV = """
      with inboxes as (
        select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]))
          as i(inbox, channel, calendar)
      ), conv as materialized (
        select c.id, c.status, c.priority, c.team, c.assignee, c.labels, c.created_at, c.resolved_at,
               c.last_activity_at, coalesce(i.channel, 'unknown') as channel, i.calendar
          from conversations c
          left join inboxes i on i.inbox = c.inbox
         where c.kind = 'support' and c.created_at >= ? and c.created_at < ?
      )
      """;

  private static final String DURATIONS = "count(*), avg(%1$s)::float8,"
      + " percentile_cont(0.5) within group (order by %1$s), percentile_cont(0.9) within group (order by %1$s)";

  private final Connection c;
  private final Workspace workspace;
  private final ZoneId zone;
  private final Instant from;
  private final Instant to;
  private final String[] inboxes;
  private final String[] channels;
  private final @Nullable String[] calendars;

  ReportQueries(Connection c, Workspace workspace, ZoneId zone, Instant from, Instant to) {
    this.c = c;
    this.workspace = workspace;
    this.zone = zone;
    this.from = from;
    this.to = to;
    List<Inbox> list = workspace.inboxes();
    inboxes = new String[list.size()];
    channels = new String[list.size()];
    calendars = new String[list.size()];
    SlaConfig sla = workspace.sla();
    for (int i = 0; i < list.size(); i++) {
      Inbox inbox = list.get(i);
      inboxes[i] = inbox.id();
      channels[i] = inbox.channel().wire();
      String id = sla.calendarId(inbox.calendar());
      calendars[i] = sla.calendar(id).isAlwaysOpen() ? null : id;
    }
  }

  /** The same workspace and zone over {@code [earlier, to)}. */
  ReportQueries widened(Instant earlier) {
    return new ReportQueries(c, workspace, zone, earlier, to);
  }

  /** A query over the period's conversations: {@link #CONV} then {@code sql}, then {@code more}. */
  PreparedStatement conv(String sql, Object... more) throws SQLException {
    PreparedStatement ps = c.prepareStatement(CONV + sql);
    ps.setArray(1, c.createArrayOf("text", inboxes));
    ps.setArray(2, c.createArrayOf("text", channels));
    ps.setArray(3, c.createArrayOf("text", calendars));
    ps.setTimestamp(4, Timestamp.from(from));
    ps.setTimestamp(5, Timestamp.from(to));
    bind(ps, 6, more);
    return ps;
  }

  static void bind(PreparedStatement ps, int first, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setTimestamp(first + i, Timestamp.from(t));
      } else {
        ps.setObject(first + i, v);
      }
    }
  }

  Report.Conversations conversations() throws SQLException {
    Map<String, Long> byChannel = new LinkedHashMap<>();
    long total = 0;
    try (PreparedStatement ps = conv("select channel, count(*) from conv group by channel"
        + " order by channel collate \"C\"");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byChannel.put(rs.getString(1), rs.getLong(2));
        total += rs.getLong(2);
      }
    }
    return new Report.Conversations(total, byChannel);
  }

  List<List<Long>> heatmap() throws SQLException {
    long[][] cells = new long[7][24];
    try (PreparedStatement ps = conv("""
        select extract(isodow from created_at at time zone ?)::int,
               extract(hour from created_at at time zone ?)::int, count(*)
          from conv group by 1, 2
        """, zone.getId(), zone.getId());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        cells[rs.getInt(1) - 1][rs.getInt(2)] = rs.getLong(3);
      }
    }
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : cells) {
      rows.add(Arrays.stream(row).boxed().toList());
    }
    return rows;
  }

  List<Report.LabelCount> topLabels(int limit) throws SQLException {
    List<Report.LabelCount> out = new ArrayList<>();
    try (PreparedStatement ps = conv("""
        select l, count(distinct conv.id) from conv, unnest(conv.labels) as l
         group by l order by 2 desc, l collate "C" limit ?
        """, limit);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Report.LabelCount(rs.getString(1), rs.getLong(2)));
      }
    }
    return out;
  }

  List<Report.AgentLoad> agents() throws SQLException {
    List<Report.AgentLoad> out = new ArrayList<>();
    try (PreparedStatement ps = conv("""
        select assignee, count(*), count(*) filter (where status = 'resolved')
          from conv where assignee is not null group by assignee order by assignee collate "C"
        """);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Report.AgentLoad(rs.getString(1), rs.getLong(2), rs.getLong(3)));
      }
    }
    return out;
  }

  Report.Durations resolution() throws SQLException {
    try (PreparedStatement ps = conv("select " + DURATIONS.formatted("s") + " from ("
        + "select extract(epoch from resolved_at - created_at)::float8 as s from conv"
        + " where status = 'resolved' and resolved_at is not null) x");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return durations(rs, 1);
    }
  }

  /**
   * First response (plain and in business seconds) and reply times, in one walk over the period's
   * messages: incoming and outgoing only (notes and activities never answer or wait), each
   * conversation's rows through the messages_conversation index. Rows are numbered per conversation
   * by how many human replies came up to and including them: the customer messages sharing a number
   * form one wait, which starts at the first of them and ends at the human reply that carries the
   * next number. The business calendars' open intervals for the span the answers can fall in are
   * computed in Java (a few hundred rows at most) and summed against each span by overlap in SQL.
   *
   * @return first response plain, first response in business seconds, reply times
   */
  Report.Durations[] responses() throws SQLException {
    Instant lastActivity = null;
    try (PreparedStatement ps = conv("select max(last_activity_at) from conv");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next() && rs.getTimestamp(1) != null) {
        lastActivity = rs.getTimestamp(1).toInstant();
      }
    }
    List<String> kCalendar = new ArrayList<>();
    List<String> kOpen = new ArrayList<>();
    List<String> kClose = new ArrayList<>();
    if (lastActivity != null) {
      Instant start = from.minus(Duration.ofDays(7));
      Instant end = lastActivity.plusSeconds(1).isAfter(to) ? lastActivity.plusSeconds(1) : to;
      for (String id : new java.util.TreeSet<>(Arrays.stream(calendars)
          .filter(java.util.Objects::nonNull).toList())) {
        BusinessCalendar cal = workspace.sla().calendar(id);
        for (BusinessCalendar.Interval iv : cal.openIntervals(start, end)) {
          kCalendar.add(id);
          kOpen.add(iv.from().toString());
          kClose.add(iv.to().toString());
        }
      }
    }
    String sql = """
        , cal as (
          select * from unnest(cast(? as text[]), cast(cast(? as text[]) as timestamptz[]),
                               cast(cast(? as text[]) as timestamptz[])) as k(calendar, o, c)
        ), walk as (
          select v.id as cid, v.calendar, x.t, x.kind, x.human, x.g
            from conv v
            cross join lateral (
              select m.created_at as t, m.kind, (m.kind = 'outgoing' and m.sender_type = 'agent') as human,
                     count(*) filter (where m.kind = 'outgoing' and m.sender_type = 'agent')
                       over (order by m.created_at, m.seq) as g
                from messages m
               where m.conversation_id = v.id and m.kind in ('incoming', 'outgoing')) x
        ), starts as (
          select cid, calendar, min(t) filter (where kind = 'incoming') as t0 from walk group by cid, calendar
        ), firsts as (
          select f.cid, f.calendar, f.t0, min(w.t) as t1
            from starts f join walk w on w.cid = f.cid and w.human and w.t >= f.t0
           group by f.cid, f.calendar, f.t0
        ), spans as (
          select extract(epoch from t1 - t0)::float8 as s,
                 case when calendar is null then extract(epoch from t1 - t0)::float8
                      else coalesce((select sum(extract(epoch from least(f.t1, k.c) - greatest(f.t0, k.o)))
                                       from cal k
                                      where k.calendar = f.calendar and k.o < f.t1 and k.c > f.t0), 0)::float8
                 end as b
            from firsts f
        ), waits as (
          select cid, g, min(t) as t_in from walk where kind = 'incoming' group by cid, g
        ), replies as (
          select extract(epoch from r.t - w.t_in)::float8 as s
            from waits w join walk r on r.cid = w.cid and r.human and r.g = w.g + 1
        )
        select f.*, r.* from (select %s, %s from spans) f cross join (select %s from replies) r
        """.formatted(DURATIONS.formatted("s"), DURATIONS.formatted("b"), DURATIONS.formatted("s"));
    try (PreparedStatement ps = conv(sql, c.createArrayOf("text", kCalendar.toArray()),
        c.createArrayOf("text", kOpen.toArray()), c.createArrayOf("text", kClose.toArray()));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Report.Durations plain = durations(rs, 1);
      Report.Durations business = plain.count() == 0 ? Report.Durations.NONE
          : new Report.Durations(plain.count(), rs.getObject(6, Double.class),
              rs.getObject(7, Double.class), rs.getObject(8, Double.class));
      return new Report.Durations[] {plain, business, durations(rs, 9)};
    }
  }

  /**
   * Ratings submitted in the period: survey ratings, plus imported ratings of conversations that
   * have no survey rating (the same facts as the CSAT summary).
   */
  Report.Csat csat(Instant csatFrom, Instant csatTo) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        with facts as (
          select r.rating from csat_ratings r where r.submitted_at >= ? and r.submitted_at < ?
          union all
          select x.rating from csat_responses x
           where x.submitted_at >= ? and x.submitted_at < ?
             and not exists (select 1 from csat_ratings r2 where r2.conversation_id = x.conversation_id)
        )
        select count(*), avg(rating)::float8,
               avg(case when rating >= 4 then 1.0 else 0.0 end)::float8 from facts
        """)) {
      bind(ps, 1, csatFrom, csatTo, csatFrom, csatTo);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Report.Csat(rs.getLong(1), rs.getObject(2, Double.class), rs.getObject(3, Double.class));
      }
    }
  }

  @Nullable Double deflection() throws SQLException {
    try (PreparedStatement ps = conv("""
        select count(*) filter (where x.bot > 0 and x.other = 0), count(*)
          from conv v
          cross join lateral (
            select count(*) filter (where m.sender_type = 'bot') as bot,
                   count(*) filter (where m.sender_type <> 'bot') as other
              from messages m where m.conversation_id = v.id and m.kind = 'outgoing') x
         where v.status = 'resolved'
        """);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      long all = rs.getLong(2);
      return all == 0 ? null : rs.getLong(1) / (double) all;
    }
  }

  Report.Sla sla() throws SQLException {
    Map<String, long[]> overall = new HashMap<>();
    Map<String, Map<String, Double>> teams = new HashMap<>();
    Map<String, Map<String, Double>> priorities = new HashMap<>();
    try (PreparedStatement ps = conv("""
        select s.metric, v.team, v.priority, grouping(v.team), grouping(v.priority),
               count(*) filter (where s.stopped_at is not null and s.breached_at is null),
               count(*) filter (where s.stopped_at is not null or s.breached_at is not null)
          from conv v join sla_clocks s on s.conversation_id = v.id
         where s.metric in ('first-response', 'resolution')
         group by grouping sets ((s.metric), (s.metric, v.team), (s.metric, v.priority))
        """);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String metric = rs.getString(1);
        long met = rs.getLong(6);
        long decided = rs.getLong(7);
        if (rs.getInt(4) == 1 && rs.getInt(5) == 1) {
          overall.put(metric, new long[] {met, decided});
        } else if (decided > 0 && rs.getInt(4) == 0 && rs.getString(2) != null) {
          teams.computeIfAbsent(metric, k -> new TreeMap<>()).put(rs.getString(2), met / (double) decided);
        } else if (decided > 0 && rs.getInt(5) == 0) {
          priorities.computeIfAbsent(metric, k -> new HashMap<>()).put(rs.getString(3), met / (double) decided);
        }
      }
    }
    return new Report.Sla(shares("first-response", overall, teams, priorities),
        shares("resolution", overall, teams, priorities));
  }

  private static Report.Shares shares(String metric, Map<String, long[]> overall,
      Map<String, Map<String, Double>> teams, Map<String, Map<String, Double>> priorities) {
    long[] o = overall.getOrDefault(metric, new long[2]);
    Map<String, Double> byPriority = new LinkedHashMap<>();
    Map<String, Double> p = priorities.getOrDefault(metric, Map.of());
    Arrays.stream(Priority.values()).map(Priority::wire).filter(p::containsKey)
        .forEach(w -> byPriority.put(w, p.get(w)));
    return new Report.Shares(o[1], o[1] == 0 ? null : o[0] / (double) o[1],
        teams.getOrDefault(metric, Map.of()), byPriority);
  }

  static Report.Durations durations(ResultSet rs, int first) throws SQLException {
    long count = rs.getLong(first);
    if (count == 0) {
      return Report.Durations.NONE;
    }
    return new Report.Durations(count, rs.getObject(first + 1, Double.class),
        rs.getObject(first + 2, Double.class), rs.getObject(first + 3, Double.class));
  }

}
