package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.sla.BusinessCalendar;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.sla.SlaPolicy;
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
 * period (an index-only scan of conversations_created, which covers every column {@code conv}
 * reads, V21), and reaches their messages through messages_conversation, which covers the kind
 * and sender of each message (V21), so the walks read no heap pages either; all figures are aggregates computed by PostgreSQL, so Java only
 * ever sees a handful of rows. Runs on one connection in one REPEATABLE READ transaction, so all
 * figures describe the same snapshot.
 */
final class ReportQueries {
  /**
   * The period's conversations with their channel and business calendar (null for 24/7) from the
   * workspace's inboxes, handed over as parallel arrays. Parameters: inboxes, channels, calendars,
   * from, to.
   */
  private static final String INBOXES = """
      with inboxes as (
        select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]))
          as i(inbox, channel, calendar)
      )""";

  private static final String CONV = INBOXES + """
      , conv as materialized (
        select c.id, c.status, c.priority, c.team, c.assignee, c.labels, c.created_at, c.resolved_at,
               c.last_activity_at, coalesce(i.channel, 'unknown') as channel, i.calendar, c.inbox, c.contact_id
          from conversations c
          left join inboxes i on i.inbox = c.inbox
         where c.kind = 'support' and c.created_at >= ? and c.created_at < ?
      )
      """;

  private static final String DURATIONS = "count(*), avg(%1$s)::float8,"
      + " percentile_cont(0.5) within group (order by %1$s), percentile_cont(0.9) within group (order by %1$s)";

  /** As {@link #DURATIONS} over the rows where {@code %2$s} holds. */
  private static final String DURATIONS_IF = "count(*) filter (where %2$s), avg(%1$s) filter (where %2$s)::float8,"
      + " percentile_cont(0.5) within group (order by %1$s) filter (where %2$s),"
      + " percentile_cont(0.9) within group (order by %1$s) filter (where %2$s)";

  private final Connection c;
  private final Workspace workspace;
  private final ZoneId zone;
  private final Instant from;
  private final Instant to;
  private final Instant now;
  private final String[] inboxes;
  private final String[] channels;
  private final @Nullable String[] calendars;

  ReportQueries(Connection c, Workspace workspace, ZoneId zone, Instant from, Instant to, Instant now) {
    this.c = c;
    this.now = now;
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
    return new ReportQueries(c, workspace, zone, earlier, to, now);
  }

  /** A query over the period's conversations: {@link #CONV} then {@code sql}, then {@code more}. */
  PreparedStatement conv(String sql, Object... more) throws SQLException {
    PreparedStatement ps = c.prepareStatement(CONV + sql);
    bindInboxes(ps);
    ps.setTimestamp(4, Timestamp.from(from));
    ps.setTimestamp(5, Timestamp.from(to));
    bind(ps, 6, more);
    return ps;
  }

  /**
   * A query that reads only a few columns of many conversations (the five weeks of the spike
   * baseline): the {@code inboxes} CTE (inbox, channel, calendar) then {@code sql}, with
   * {@code params} bound in order after the inboxes' arrays. Cheaper than {@link #conv}, which
   * materializes every column the report reads.
   */
  PreparedStatement inboxes(String sql, Object... params) throws SQLException {
    PreparedStatement ps = c.prepareStatement(INBOXES + sql);
    bindInboxes(ps);
    bind(ps, 4, params);
    return ps;
  }

  private void bindInboxes(PreparedStatement ps) throws SQLException {
    ps.setArray(1, c.createArrayOf("text", inboxes));
    ps.setArray(2, c.createArrayOf("text", channels));
    ps.setArray(3, c.createArrayOf("text", calendars));
  }

  /** The start of the period, included. */
  Instant from() {
    return from;
  }

  /** The end of the period, excluded. */
  Instant to() {
    return to;
  }

  static void bind(PreparedStatement ps, int first, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setTimestamp(first + i, Timestamp.from(t));
      } else if (v instanceof String[] texts) {
        ps.setArray(first + i, ps.getConnection().createArrayOf("text", texts));
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
   * conversation's rows through the messages_conversation index, in time order with a customer
   * message before a reply at the same instant (a reply "at or after" the message answers it,
   * whatever the file order). Each row is numbered by how many human replies came strictly before
   * it, so a group of rows holds a run of customer messages and at most one human reply, which
   * ends it: every customer message of a group with a reply waits on us until that reply (the next
   * human reply), one reply time each. The earliest answered customer message of a conversation is
   * its first incoming message, and its wait is the first response (the first human reply at or
   * after it). Business seconds sum the overlap of the first response's span
   * with the calendar's open intervals, computed in Java (a few hundred rows at most).
   *
   * @return first response plain, first response in business seconds, reply times
   */
  Report.Durations[] responses() throws SQLException {
    String sql = """
        , cal as materialized (
          select * from unnest(cast(? as text[]), cast(cast(? as text[]) as timestamptz[]),
                               cast(cast(? as text[]) as timestamptz[])) as k(calendar, o, c)
        ), waits as (
          select v.calendar, w.t_in, w.t_h, w.rn = 1 as first
            from conv v
            cross join lateral (
              select y.t as t_in, y.t_h, row_number() over (order by y.t, y.seq) as rn
                from (select x.t, x.seq, x.inc, min(x.t) filter (where x.human) over (partition by x.g) as t_h
                        from (select m.created_at as t, m.seq, m.kind = 'incoming' as inc,
                                     m.kind = 'outgoing' and m.sender_type = 'agent' as human,
                                     count(*) filter (where m.kind = 'outgoing' and m.sender_type = 'agent')
                                       over (order by m.created_at, m.kind <> 'incoming', m.seq
                                             rows between unbounded preceding and 1 preceding) as g
                                from messages m
                               where m.conversation_id = v.id and m.kind in ('incoming', 'outgoing')) x) y
               where y.inc and y.t_h is not null) w
        ), spans as (
          select extract(epoch from t_h - t_in)::float8 as s, first,
                 case when not first then null
                      when calendar is null then extract(epoch from t_h - t_in)::float8
                      else coalesce((select sum(extract(epoch from least(w.t_h, k.c) - greatest(w.t_in, k.o)))
                                       from cal k
                                      where k.calendar = w.calendar and k.o < w.t_h and k.c > w.t_in), 0)::float8
                 end as b
            from waits w
        )
        select %s, %s, %s from spans
        """.formatted(DURATIONS_IF.formatted("s", "first"), DURATIONS_IF.formatted("b", "first"),
            DURATIONS.formatted("s"));
    try (PreparedStatement ps = conv(sql, (Object[]) openIntervals(null));
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Report.Durations[] {durations(rs, 1), durations(rs, 5), durations(rs, 9)};
    }
  }

  /**
   * The business calendars' open intervals for the span the period's answers, resolutions and
   * (when given) {@code asOf} can fall in: from a week before the period to the latest activity or
   * resolution, computed in Java (a few hundred rows at most) and bound as three parallel arrays
   * (calendar, open, close) that SQL sums against each span by overlap.
   */
  private java.sql.Array[] openIntervals(@Nullable Instant asOf) throws SQLException {
    Instant last = null;
    try (PreparedStatement ps = conv("select max(greatest(last_activity_at, resolved_at)) from conv");
        ResultSet rs = ps.executeQuery()) {
      if (rs.next() && rs.getTimestamp(1) != null) {
        last = rs.getTimestamp(1).toInstant();
      }
    }
    List<String> kCalendar = new ArrayList<>();
    List<String> kOpen = new ArrayList<>();
    List<String> kClose = new ArrayList<>();
    if (last != null) {
      Instant start = from.minus(Duration.ofDays(7));
      Instant end = last.plusSeconds(1).isAfter(to) ? last.plusSeconds(1) : to;
      if (asOf != null && asOf.plusSeconds(1).isAfter(end)) {
        end = asOf.plusSeconds(1);
      }
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
    return new java.sql.Array[] {c.createArrayOf("text", kCalendar.toArray()),
        c.createArrayOf("text", kOpen.toArray()), c.createArrayOf("text", kClose.toArray())};
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

  /**
   * SLA shares of first-response and resolution. A conversation with SLA clock rows is judged by
   * them (met: stopped without breach; missed: breached; still running: not counted). A
   * conversation without any clock row (an imported one) is judged against the policy its clocks
   * would have run under (priority, the inbox's brand and id, the contact's VIP flag), in business
   * time of the policy's calendar, by the same overlap sum as the business first response:
   * first response from the first incoming message to the first human reply at or after it (or the
   * resolution, if none came), resolution from creation to resolved-at; met when that time is at
   * most the target. Without an end yet, the clock is missed once the business time up to
   * {@code now} exceeds the target and not counted while it does not.
   */
  Report.Sla sla() throws SQLException {
    List<String> pInbox = new ArrayList<>();
    List<String> pPriority = new ArrayList<>();
    List<@Nullable Boolean> pVip = new ArrayList<>();
    List<Double> pFirst = new ArrayList<>();
    List<Double> pResolution = new ArrayList<>();
    List<String> pCalendar = new ArrayList<>();
    SlaConfig config = workspace.sla();
    for (Inbox inbox : workspace.inboxes()) {
      for (Priority priority : Priority.values()) {
        SlaPolicy regular = config.policy(priority, inbox.brand(), inbox.id(), false).orElse(null);
        SlaPolicy forVip = config.policy(priority, inbox.brand(), inbox.id(), true).orElse(null);
        // vip null: the same policy either way, so the contact need not be read (one lookup per
        // conversation saved when no policy names VIPs)
        for (Boolean vip : java.util.Objects.equals(regular, forVip) ? new Boolean[] {null}
            : new Boolean[] {false, true}) {
          SlaPolicy policy = Boolean.TRUE.equals(vip) ? forVip : regular;
          if (policy == null || policy.targets().isEmpty()) {
            continue;
          }
          String calendar = config.clockCalendarId(policy, inbox.calendar());
          pInbox.add(inbox.id());
          pPriority.add(priority.wire());
          pVip.add(vip);
          pFirst.add(policy.target(SlaMetric.FIRST_RESPONSE).map(d -> d.toMillis() / 1000.0).orElse(null));
          pResolution.add(policy.target(SlaMetric.RESOLUTION).map(d -> d.toMillis() / 1000.0).orElse(null));
          pCalendar.add(config.calendar(calendar).isAlwaysOpen() ? null : calendar);
        }
      }
    }
    java.sql.Array[] intervals = openIntervals(now);
    Map<String, long[]> overall = new HashMap<>();
    Map<String, Map<String, Double>> teams = new HashMap<>();
    Map<String, Map<String, Double>> priorities = new HashMap<>();
    try (PreparedStatement ps = conv("""
        , cal as materialized (
          select * from unnest(cast(? as text[]), cast(cast(? as text[]) as timestamptz[]),
                               cast(cast(? as text[]) as timestamptz[])) as k(calendar, o, c)
        ), pol as (
          select * from unnest(cast(? as text[]), cast(? as text[]), cast(? as boolean[]),
                               cast(? as float8[]), cast(? as float8[]), cast(? as text[]))
            as p(inbox, priority, vip, fr, res, calendar)
        ), clocked as (
          select s.metric, v.team, v.priority,
                 case when s.breached_at is not null then false when s.stopped_at is not null then true end as met
            from conv v join sla_clocks s on s.conversation_id = v.id
           where s.metric in ('first-response', 'resolution')
        ), bare as materialized (
          select v.id, v.team, v.priority, v.created_at,
                 case when v.status = 'resolved' then v.resolved_at end as resolved_at,
                 p.fr, p.res, p.calendar
            from conv v
            join pol p on p.inbox = v.inbox and p.priority = v.priority
             and (p.vip is null or p.vip = (select ct.vip from contacts ct where ct.id = v.contact_id))
           where not exists (select 1 from sla_clocks s where s.conversation_id = v.id)
        ), spans as (
          select b.team, b.priority, b.calendar, 'first-response' as metric, b.fr as target,
                 f.t0 as s, coalesce(r.t1, b.resolved_at) as e
            from bare b
            cross join lateral (select min(m.created_at) as t0 from messages m
                                 where m.conversation_id = b.id and m.kind = 'incoming') f
            cross join lateral (select min(m.created_at) as t1 from messages m
                                 where m.conversation_id = b.id and m.kind = 'outgoing'
                                   and m.sender_type = 'agent' and m.created_at >= f.t0) r
           where b.fr is not null and f.t0 is not null
          union all
          select b.team, b.priority, b.calendar, 'resolution', b.res, b.created_at, b.resolved_at
            from bare b where b.res is not null
        ), timed as (
          select x.*, case when x.calendar is null then extract(epoch from x.u - x.s)::float8
                 else coalesce((select sum(extract(epoch from least(x.u, k.c) - greatest(x.s, k.o)))
                                  from cal k
                                 where k.calendar = x.calendar and k.o < x.u and k.c > x.s), 0)::float8
                 end as b
            from (select spans.*, coalesce(e, cast(? as timestamptz)) as u from spans) x
        ), derived as (
          select metric, team, priority,
                 case when e is not null then b <= target when b > target then false end as met
            from timed
        ), judged as (
          select * from clocked union all select * from derived
        )
        select metric, team, priority, grouping(team), grouping(priority),
               count(*) filter (where met), count(met)
          from judged
         group by grouping sets ((metric), (metric, team), (metric, priority))
        """, intervals[0], intervals[1], intervals[2],
        c.createArrayOf("text", pInbox.toArray()), c.createArrayOf("text", pPriority.toArray()),
        c.createArrayOf("boolean", pVip.toArray()), c.createArrayOf("float8", pFirst.toArray()),
        c.createArrayOf("float8", pResolution.toArray()), c.createArrayOf("text", pCalendar.toArray()),
        now);
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
