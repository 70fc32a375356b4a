package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.SlaMetric;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The narrative sections of a report, each one more aggregate query. */
final class ReportInsights {
  /** Weeks a spike is compared against. */
  static final int BASELINE_WEEKS = 4;
  /** z at or above which a volume counts as a spike. */
  static final double SPIKE_Z = 3.0;
  /** Fewer conversations than this are never a spike, however quiet the baseline. */
  static final long SPIKE_MIN = 5;
  /** The CSAT average a team aims for (on the 1–5 scale). */
  static final double CSAT_TARGET = 4.5;

  static final String SPIKE_TEST = "Poisson z-score against the previous " + BASELINE_WEEKS
      + " weeks: z = (count - mean) / sqrt(max(mean, 1)); a spike when z >= " + SPIKE_Z
      + " and count >= " + SPIKE_MIN;

  private final Connection c;
  private final ReportQueries q;
  private final Workspace workspace;
  private final ReportPeriod period;
  private final ZoneId zone;
  private final Report.Csat csat;
  private final Report.Durations firstResponse;
  private final @Nullable Double deflection;

  ReportInsights(Connection c, ReportQueries q, Workspace workspace, ReportPeriod period, ZoneId zone,
      Report.Csat csat, Report.Durations firstResponse, @Nullable Double deflection) {
    this.c = c;
    this.q = q;
    this.workspace = workspace;
    this.period = period;
    this.zone = zone;
    this.csat = csat;
    this.firstResponse = firstResponse;
    this.deflection = deflection;
  }

  Report.Insights build() throws SQLException {
    List<Report.Target> targets = targets();
    if (period.kind() == ReportPeriod.Kind.WEEK) {
      LocalDate baseFirst = period.first().minusWeeks(BASELINE_WEEKS);
      ReportQueries wide = q.widened(baseFirst.atStartOfDay(zone).toInstant());
      Map<String, Map<String, long[]>> counts = weekly(wide, baseFirst);
      Map<String, long[]> labels = counts.get("label");
      Map<String, long[]> channels = counts.get("channel");
      List<Report.Trend> top = new ArrayList<>();
      labels.entrySet().stream().filter(e -> e.getValue()[BASELINE_WEEKS] > 0)
          .sorted(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[BASELINE_WEEKS])
              .thenComparing(Map.Entry::getKey))
          .limit(5)
          .forEach(e -> top.add(new Report.Trend(e.getKey(), e.getValue()[BASELINE_WEEKS], mean(e.getValue()))));
      List<Report.Spike> spikes = new ArrayList<>();
      spikes(spikes, "label", labels);
      spikes(spikes, "channel", channels);
      spikes.sort(Comparator.comparingDouble(Report.Spike::z).reversed().thenComparing(Report.Spike::key));
      return new Report.Insights(top, gaps(), spikes, SPIKE_TEST, targets, List.of(), List.of(),
          List.of(), null, sentimentTrend(wide, baseFirst));
    }
    return new Report.Insights(List.of(), List.of(), List.of(), SPIKE_TEST, targets, csatTrend(),
        channelFigures(), teams(), ai(), List.of());
  }

  /**
   * This week and the three before: per week, the stored sentiments of the incoming messages of
   * the conversations created in it (read from the small partial index messages_sentiment, V21).
   */
  private List<Report.SentimentPoint> sentimentTrend(ReportQueries wide, LocalDate baseFirst) throws SQLException {
    long[][] counts = new long[BASELINE_WEEKS + 1][4];
    try (PreparedStatement ps = wide.conv("""
        , wk as (select id, ((created_at at time zone ?)::date - cast(? as date)) / 7 as w from conv)
        select wk.w, count(*), count(*) filter (where m.sentiment = 'negative'),
               count(*) filter (where m.sentiment = 'neutral'), count(*) filter (where m.sentiment = 'positive')
          from wk join messages m on m.conversation_id = wk.id
         where wk.w >= 1 and m.kind = 'incoming' and m.sentiment is not null
         group by wk.w
        """, zone.getId(), baseFirst.toString());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int w = rs.getInt(1);
        if (w >= 1 && w <= BASELINE_WEEKS) {
          for (int k = 0; k < 4; k++) {
            counts[w][k] = rs.getLong(k + 2);
          }
        }
      }
    }
    List<Report.SentimentPoint> out = new ArrayList<>();
    for (int w = 1; w <= BASELINE_WEEKS; w++) {
      long[] n = counts[w];
      String label = ReportPeriod.week(baseFirst.plusWeeks(w)).label();
      out.add(n[0] == 0 ? new Report.SentimentPoint(label, 0, null, null, null)
          : new Report.SentimentPoint(label, n[0], n[1] / (double) n[0], n[2] / (double) n[0],
              n[3] / (double) n[0]));
    }
    return out;
  }

  private static double mean(long[] weeks) {
    long sum = 0;
    for (int i = 0; i < BASELINE_WEEKS; i++) {
      sum += weeks[i];
    }
    return sum / (double) BASELINE_WEEKS;
  }

  private static void spikes(List<Report.Spike> out, String dimension, Map<String, long[]> counts) {
    counts.forEach((key, weeks) -> {
      long x = weeks[BASELINE_WEEKS];
      double mean = mean(weeks);
      double z = (x - mean) / Math.sqrt(Math.max(mean, 1.0));
      if (x >= SPIKE_MIN && z >= SPIKE_Z) {
        out.add(new Report.Spike(dimension, key, x, mean, z));
      }
    });
  }

  /**
   * Counts per dimension ({@code label}, {@code channel}), key and week: index 0..3 the baseline
   * weeks, 4 this week. One query: the five weeks' conversations are read once for both.
   */
  private Map<String, Map<String, long[]>> weekly(ReportQueries wide, LocalDate baseFirst) throws SQLException {
    Map<String, Map<String, long[]>> out = new TreeMap<>();
    out.put("label", new TreeMap<>());
    out.put("channel", new TreeMap<>());
    // The week of each conversation by binary search over the six week boundaries (width_bucket;
    // the subquery parses them once), not by a time-zone conversion per row: ~100,000 rows at
    // 1,000,000 conversations.
    String[] bounds = new String[BASELINE_WEEKS + 2];
    for (int w = 0; w < bounds.length; w++) {
      bounds[w] = baseFirst.plusWeeks(w).atStartOfDay(zone).toInstant().toString();
    }
    try (PreparedStatement ps = wide.inboxes("""
        , wk as (
          select coalesce(i.channel, 'unknown') as channel, c.labels,
                 width_bucket(c.created_at, (select cast(cast(? as text[]) as timestamptz[]))) - 1 as w
            from conversations c
            left join inboxes i on i.inbox = c.inbox
           where c.kind = 'support' and c.created_at >= ? and c.created_at < ?
        )
        select 'channel', channel, w, count(*) from wk group by channel, w
        union all
        select 'label', l, w, count(*) from wk, unnest(wk.labels) as l group by l, w
        """, bounds, wide.from(), wide.to());
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        int w = rs.getInt(3);
        if (w >= 0 && w <= BASELINE_WEEKS) {
          out.get(rs.getString(1)).computeIfAbsent(rs.getString(2), k -> new long[BASELINE_WEEKS + 1])[w] =
              rs.getLong(4);
        }
      }
    }
    return out;
  }

  private List<Report.Gap> gaps() throws SQLException {
    List<Report.Gap> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("""
        select min(question collate "C"), count(*), max(best_score) from kb_gaps
         where recorded_at >= ? and recorded_at < ?
         group by lower(btrim(question)) order by 2 desc, 1 limit 5
        """)) {
      ReportQueries.bind(ps, 1, period.start(zone), period.end(zone));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Report.Gap(rs.getString(1), rs.getLong(2), rs.getObject(3, Double.class)));
        }
      }
    }
    return out;
  }

  private List<Report.Target> targets() {
    List<Report.Target> out = new ArrayList<>();
    workspace.sla().policy(Priority.NORMAL)
        .map(p -> p.targets().get(SlaMetric.FIRST_RESPONSE))
        .ifPresent(t -> {
          double target = t.toSeconds();
          Double v = firstResponse.median();
          out.add(new Report.Target("firstResponseSeconds.median", v, target, v == null ? null : v <= target));
        });
    Double avg = csat.average();
    out.add(new Report.Target("csat.average", avg, CSAT_TARGET, avg == null ? null : avg >= CSAT_TARGET));
    return out;
  }

  private List<Report.CsatPoint> csatTrend() throws SQLException {
    List<Report.CsatPoint> out = new ArrayList<>();
    Instant from = period.start(zone);
    Instant to = period.end(zone);
    try (PreparedStatement ps = c.prepareStatement("""
        with facts as (
          select r.rating, r.submitted_at from csat_ratings r where r.submitted_at >= ? and r.submitted_at < ?
          union all
          select x.rating, x.submitted_at from csat_responses x
           where x.submitted_at >= ? and x.submitted_at < ?
             and not exists (select 1 from csat_ratings r2 where r2.conversation_id = x.conversation_id)
        )
        select to_char(submitted_at at time zone ?, 'IYYY-"W"IW') as w, count(*), avg(rating)::float8
          from facts group by 1 order by 1
        """)) {
      ReportQueries.bind(ps, 1, from, to, from, to, zone.getId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Report.CsatPoint(rs.getString(1), rs.getLong(2), rs.getObject(3, Double.class)));
        }
      }
    }
    return out;
  }

  private List<Report.ChannelFigures> channelFigures() throws SQLException {
    List<Report.ChannelFigures> out = new ArrayList<>();
    try (PreparedStatement ps = q.conv("""
        , firsts as (
          select v.id, f.t0,
                 (select min(m.created_at) from messages m
                   where m.conversation_id = v.id and m.kind = 'outgoing' and m.sender_type = 'agent'
                     and m.created_at >= f.t0) as t1
            from conv v
            cross join lateral (select min(m.created_at) as t0 from messages m
                                 where m.conversation_id = v.id and m.kind = 'incoming') f
        )
        select v.channel, count(*),
               percentile_cont(0.5) within group (order by extract(epoch from f.t1 - f.t0)::float8),
               avg(x.rating)::float8
          from conv v
          join firsts f on f.id = v.id
          left join csat_responses x on x.conversation_id = v.id
         group by v.channel order by v.channel collate "C"
        """);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Report.ChannelFigures(rs.getString(1), rs.getLong(2), rs.getObject(3, Double.class),
            rs.getObject(4, Double.class)));
      }
    }
    return out;
  }

  private List<Report.TeamLoad> teams() throws SQLException {
    List<Report.TeamLoad> out = new ArrayList<>();
    try (PreparedStatement ps = q.conv("""
        select coalesce(team, 'none'), count(*), count(*) filter (where status = 'resolved'),
               count(*)::float8 / sum(count(*)) over ()
          from conv group by 1 order by coalesce(team, 'none') collate "C"
        """);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(new Report.TeamLoad(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4)));
      }
    }
    return out;
  }

  private Report.Ai ai() throws SQLException {
    try (PreparedStatement ps = q.conv("""
        , suggested as (
          select v.id, v.status from conv v
           where exists (select 1 from kb_suggestions k where k.conversation_id = v.id)
        )
        select count(*), count(*) filter (where status = 'resolved' and not exists (
                 select 1 from messages m where m.conversation_id = s.id and m.sender_type = 'agent'))
          from suggested s
        """);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Report.Ai(deflection, rs.getLong(1), rs.getLong(2));
    }
  }
}
