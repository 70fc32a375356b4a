package at.ozeanlicht.support.core.reports;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One weekly or monthly report. Field names match the JSON contract of issue 8; a figure that is
 * undefined for the period (no data) is null, never NaN or 0. Conversations belong to the period in
 * which they were created (local time in {@link #zone}); CSAT ratings to the period in which they
 * were submitted.
 *
 * @param period the week or month
 * @param zone the zone the period's days are counted in
 * @param conversations how many support conversations were created, in total and by channel
 * @param firstResponseSeconds first incoming message to the first human agent reply at or after it
 * @param firstResponseBusinessSeconds the same span counted on the inbox's business calendar
 * @param resolutionSeconds created to resolved, for resolved conversations
 * @param replyTimeSeconds every customer message that waits on us to the next human reply
 * @param csat ratings submitted in the period
 * @param aiDeflectionRate among resolved conversations, the share whose outgoing messages all came
 *     from the bot (at least one); null without resolved conversations
 * @param topLabels the five labels on most conversations, ties by name
 * @param agents conversations assigned and resolved by assignee, sorted by handle
 * @param heatmap 7 rows (Monday first) of 24 counts of conversations created, by local hour
 * @param sla share of SLA clocks met, overall and per team and per priority
 * @param insights the narrative sections (weekly or monthly)
 */
public record Report(
    ReportPeriod period,
    ZoneId zone,
    Conversations conversations,
    Durations firstResponseSeconds,
    Durations firstResponseBusinessSeconds,
    Durations resolutionSeconds,
    Durations replyTimeSeconds,
    Csat csat,
    @Nullable Double aiDeflectionRate,
    List<LabelCount> topLabels,
    List<AgentLoad> agents,
    List<List<Long>> heatmap,
    Sla sla,
    Insights insights) {

  /** Checks nulls, the heatmap's shape; copies collections. */
  public Report {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(firstResponseSeconds, "firstResponseSeconds");
    Objects.requireNonNull(firstResponseBusinessSeconds, "firstResponseBusinessSeconds");
    Objects.requireNonNull(resolutionSeconds, "resolutionSeconds");
    Objects.requireNonNull(replyTimeSeconds, "replyTimeSeconds");
    Objects.requireNonNull(csat, "csat");
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(insights, "insights");
    topLabels = List.copyOf(topLabels);
    agents = List.copyOf(agents);
    heatmap = heatmap.stream().map(List::copyOf).toList();
    if (heatmap.size() != 7 || heatmap.stream().anyMatch(r -> r.size() != 24)) {
      throw new IllegalArgumentException("heatmap: must be 7 rows of 24 counts");
    }
  }

  /** The first instant of the period, included. */
  public Instant from() {
    return period.start(zone);
  }

  /** The instant after the period, excluded. */
  public Instant to() {
    return period.end(zone);
  }

  /** Whether no conversation was created and no rating submitted in the period. */
  public boolean isEmpty() {
    return conversations.total() == 0 && csat.responses() == 0;
  }

  static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * Conversations created in the period.
   *
   * @param total all of them
   * @param byChannel counts by channel wire name ({@code web}, {@code whatsapp}, ...; {@code
   *     unknown} for inboxes the workspace does not know), only channels with conversations,
   *     sorted by name
   */
  public record Conversations(long total, Map<String, Long> byChannel) {
    /** Copies the map, keeping its order. */
    public Conversations {
      byChannel = ordered(byChannel);
    }
  }

  /**
   * A distribution of durations in seconds. Median and p90 interpolate linearly between ranks, as
   * PostgreSQL's {@code percentile_cont} does.
   *
   * @param count how many spans were measured
   * @param avg mean, null when count is 0
   * @param median 50th percentile, null when count is 0
   * @param p90 90th percentile, null when count is 0
   */
  public record Durations(long count, @Nullable Double avg, @Nullable Double median, @Nullable Double p90) {
    static final Durations NONE = new Durations(0, null, null, null);
  }

  /**
   * CSAT ratings submitted in the period.
   *
   * @param responses how many
   * @param average mean rating 1–5, null without ratings
   * @param satisfiedShare share of ratings 4–5, null without ratings
   */
  public record Csat(long responses, @Nullable Double average, @Nullable Double satisfiedShare) {}

  /**
   * A label and how many of the period's conversations carry it.
   *
   * @param label the label
   * @param count conversations
   */
  public record LabelCount(String label, long count) {}

  /**
   * One assignee's load.
   *
   * @param agent the agent handle
   * @param assigned conversations of the period assigned to the agent
   * @param resolved of those, how many are resolved
   */
  public record AgentLoad(String agent, long assigned, long resolved) {}

  /**
   * SLA clocks of the period's conversations that met their target.
   *
   * @param firstResponse first-response clocks
   * @param resolution resolution clocks
   */
  public record Sla(Shares firstResponse, Shares resolution) {}

  /**
   * Shares of clocks met among decided clocks (stopped, or breached). Clocks still running within
   * their target are not decided yet and not counted.
   *
   * @param clocks decided clocks
   * @param overall share met, null without decided clocks
   * @param byTeam share met per conversation team (conversations without team left out), by name
   * @param byPriority share met per priority wire name
   */
  public record Shares(long clocks, @Nullable Double overall, Map<String, Double> byTeam,
      Map<String, Double> byPriority) {
    /** Copies the maps, keeping their order. */
    public Shares {
      byTeam = ordered(byTeam);
      byPriority = ordered(byPriority);
    }
  }

  /**
   * The narrative sections. Weekly reports fill the weekly lists, monthly reports the monthly ones;
   * the others stay empty.
   *
   * @param topIssues weekly: the five most frequent labels with their previous four-week average
   * @param suggestedArticles weekly: customer questions without a good knowledge-base article
   * @param spikes weekly: label and channel volumes unusually high against the previous four weeks
   * @param spikeTest how spikes are tested, in words
   * @param targets first response and CSAT against their targets
   * @param csatTrend monthly: CSAT by ISO week of the month (by submission)
   * @param channels monthly: volume, median first response and CSAT per channel
   * @param teams monthly: conversations and resolved ones per team
   * @param ai monthly: deflection and knowledge-base suggestions that helped
   * @param sentimentTrend weekly: sentiment of incoming messages in this week and the three before
   */
  public record Insights(List<Trend> topIssues, List<Gap> suggestedArticles, List<Spike> spikes,
      String spikeTest, List<Target> targets, List<CsatPoint> csatTrend, List<ChannelFigures> channels,
      List<TeamLoad> teams, @Nullable Ai ai, List<SentimentPoint> sentimentTrend) {
    /** Copies lists. */
    public Insights {
      topIssues = List.copyOf(topIssues);
      suggestedArticles = List.copyOf(suggestedArticles);
      spikes = List.copyOf(spikes);
      Objects.requireNonNull(spikeTest, "spikeTest");
      targets = List.copyOf(targets);
      csatTrend = List.copyOf(csatTrend);
      channels = List.copyOf(channels);
      teams = List.copyOf(teams);
      sentimentTrend = List.copyOf(sentimentTrend);
    }
  }

  /**
   * The sentiment of one week's incoming messages: those with a stored sentiment (the analyzer's,
   * as routing saw it) of the conversations created in that week.
   *
   * @param week ISO week label
   * @param messages incoming messages with a sentiment
   * @param negative share negative, null without messages
   * @param neutral share neutral, null without messages
   * @param positive share positive, null without messages
   */
  public record SentimentPoint(String week, long messages, @Nullable Double negative, @Nullable Double neutral,
      @Nullable Double positive) {}

  /**
   * A label's volume this period against the previous four weeks.
   *
   * @param label the label
   * @param count conversations this period
   * @param previousAverage weekly mean over the previous four weeks
   */
  public record Trend(String label, long count, double previousAverage) {}

  /**
   * A question the knowledge base could not answer well.
   *
   * @param question the customer's question as recorded
   * @param times how often it was recorded in the period
   * @param bestScore the best article score seen, null if none was found at all
   */
  public record Gap(String question, long times, @Nullable Double bestScore) {}

  /**
   * An unusual volume.
   *
   * @param dimension {@code label} or {@code channel}
   * @param key the label or channel
   * @param count this week
   * @param baseline mean of the previous four weeks
   * @param z the test statistic
   */
  public record Spike(String dimension, String key, long count, double baseline, double z) {}

  /**
   * A figure against its target.
   *
   * @param metric what is measured, e.g. {@code firstResponseSeconds.median}
   * @param value this period's value, null without data
   * @param target the target
   * @param met whether the value meets the target, null without data
   */
  public record Target(String metric, @Nullable Double value, double target, @Nullable Boolean met) {}

  /**
   * CSAT over one week.
   *
   * @param week ISO week label
   * @param responses ratings
   * @param average mean rating, null without ratings
   */
  public record CsatPoint(String week, long responses, @Nullable Double average) {}

  /**
   * One channel's month.
   *
   * @param channel channel wire name
   * @param conversations conversations created
   * @param firstResponseMedian median first response in seconds, null without responses
   * @param csatAverage mean rating submitted for conversations of the channel, null without
   */
  public record ChannelFigures(String channel, long conversations, @Nullable Double firstResponseMedian,
      @Nullable Double csatAverage) {}

  /**
   * One team's month.
   *
   * @param team team id, or {@code none}
   * @param conversations conversations created
   * @param resolved of those, resolved
   * @param share share of all conversations of the period
   */
  public record TeamLoad(String team, long conversations, long resolved, double share) {}

  /**
   * AI effectiveness.
   *
   * @param deflectionRate same as {@link Report#aiDeflectionRate}
   * @param suggested conversations with at least one knowledge-base suggestion
   * @param suggestionsHelped of those, resolved without any human message
   */
  public record Ai(@Nullable Double deflectionRate, long suggested, long suggestionsHelped) {}
}
