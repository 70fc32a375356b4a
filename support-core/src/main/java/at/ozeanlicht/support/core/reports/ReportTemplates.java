package at.ozeanlicht.support.core.reports;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders the Markdown and HTML reports with Pebble templates on the class path (next to this
 * class). The model holds preformatted strings and precomputed SVG geometry, so the templates
 * stay declarative: loops, conditions and no arithmetic.
 */
final class ReportTemplates {
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

  private static final PebbleEngine HTML = engine(true);
  private static final PebbleEngine TEXT = engine(false);

  private ReportTemplates() {}

  private static PebbleEngine engine(boolean escape) {
    ClasspathLoader loader = new ClasspathLoader(ReportTemplates.class.getClassLoader());
    loader.setPrefix("at/ozeanlicht/support/core/reports");
    return new PebbleEngine.Builder().loader(loader).autoEscaping(escape).strictVariables(true)
        .newLineTrimming(false).cacheActive(true).build();
  }

  static String render(String name, Report report, boolean html) {
    PebbleTemplate t = (html ? HTML : TEXT).getTemplate(name);
    StringWriter w = new StringWriter();
    try {
      t.evaluate(w, model(report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  static Map<String, Object> model(Report r) {
    Map<String, Object> m = new HashMap<>();
    boolean weekly = r.period().kind() == ReportPeriod.Kind.WEEK;
    m.put("title", (weekly ? "Weekly" : "Monthly") + " support report " + r.period().label());
    m.put("weekly", weekly);
    m.put("zone", r.zone().getId());
    m.put("first", r.period().first().format(DateTimeFormatter.ISO_LOCAL_DATE));
    m.put("last", r.period().end().minusDays(1).format(DateTimeFormatter.ISO_LOCAL_DATE));
    m.put("empty", r.isEmpty());
    m.put("total", r.conversations().total());

    long max = r.conversations().byChannel().values().stream().mapToLong(Long::longValue).max().orElse(1);
    List<Map<String, Object>> channels = new ArrayList<>();
    int y = 0;
    for (Map.Entry<String, Long> e : r.conversations().byChannel().entrySet()) {
      channels.add(row("name", e.getKey(), "count", e.getValue(),
          "share", percent(e.getValue() / (double) Math.max(1, r.conversations().total())),
          "y", y, "textY", y + 15, "width", Math.max(1, Math.round(300.0 * e.getValue() / Math.max(1, max)))));
      y += 24;
    }
    m.put("channels", channels);
    m.put("channelsHeight", Math.max(24, y));

    List<Map<String, Object>> metrics = new ArrayList<>();
    metrics.add(durations("First response", r.firstResponseSeconds()));
    metrics.add(durations("First response (business hours)", r.firstResponseBusinessSeconds()));
    metrics.add(durations("Reply time", r.replyTimeSeconds()));
    metrics.add(durations("Resolution", r.resolutionSeconds()));
    m.put("metrics", metrics);

    m.put("csatResponses", r.csat().responses());
    m.put("csatAverage", number(r.csat().average()));
    m.put("csatSatisfied", percent(r.csat().satisfiedShare()));
    m.put("deflection", percent(r.aiDeflectionRate()));
    m.put("labels", r.topLabels().stream().map(l -> row("label", l.label(), "count", l.count())).toList());
    m.put("agents", r.agents().stream().map(a -> row("agent", a.agent(), "assigned", a.assigned(),
        "resolved", a.resolved())).toList());

    long hmax = r.heatmap().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0);
    List<Map<String, Object>> heat = new ArrayList<>();
    for (int d = 0; d < 7; d++) {
      List<Map<String, Object>> cells = new ArrayList<>();
      for (int h = 0; h < 24; h++) {
        long n = r.heatmap().get(d).get(h);
        cells.add(row("x", 40 + h * 22, "count", n,
            "opacity", String.format(Locale.ROOT, "%.2f", hmax == 0 ? 0.0 : 0.08 + 0.92 * n / hmax)));
      }
      heat.add(row("day", DAYS[d], "y", d * 22, "textY", d * 22 + 15, "cells", cells,
          "counts", r.heatmap().get(d).stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElse("")));
    }
    m.put("heatmap", heat);
    m.put("hours", java.util.stream.IntStream.range(0, 24)
        .mapToObj(h -> row("x", 40 + h * 22 + 11, "label", h)).toList());

    List<Map<String, Object>> sla = new ArrayList<>();
    sla.add(shares("First response", r.sla().firstResponse()));
    sla.add(shares("Resolution", r.sla().resolution()));
    m.put("sla", sla);

    Report.Insights i = r.insights();
    m.put("topIssues", i.topIssues().stream().map(t -> row("label", t.label(), "count", t.count(),
        "previous", number(t.previousAverage()))).toList());
    m.put("gaps", i.suggestedArticles().stream().map(g -> row("question", oneLine(g.question()),
        "times", g.times(), "bestScore", number(g.bestScore()))).toList());
    m.put("spikes", i.spikes().stream().map(s -> row("dimension", s.dimension(), "key", s.key(),
        "count", s.count(), "baseline", number(s.baseline()), "z", number(s.z()))).toList());
    m.put("spikeTest", i.spikeTest());
    m.put("targets", i.targets().stream().map(t -> row("metric", t.metric(), "value", number(t.value()),
        "target", number(t.target()), "met", t.met() == null ? "no data" : t.met() ? "met" : "missed")).toList());
    m.put("csatTrend", i.csatTrend().stream().map(p -> row("week", p.week(), "responses", p.responses(),
        "average", number(p.average()))).toList());
    m.put("trendPoints", trendPoints(i.csatTrend()));
    m.put("sentimentTrend", sentimentRows(i.sentimentTrend()));
    m.put("hasSentiment", i.sentimentTrend().stream().anyMatch(p -> p.messages() > 0));
    m.put("issueBars", issueBars(i.topIssues()));
    m.put("channelFigures", i.channels().stream().map(ch -> row("channel", ch.channel(),
        "conversations", ch.conversations(), "firstResponseMedian", seconds(ch.firstResponseMedian()),
        "csatAverage", number(ch.csatAverage()))).toList());
    m.put("teams", i.teams().stream().map(t -> row("team", t.team(), "conversations", t.conversations(),
        "resolved", t.resolved(), "share", percent(t.share()))).toList());
    m.put("hasAi", i.ai() != null);
    m.put("aiSuggested", i.ai() == null ? 0 : i.ai().suggested());
    m.put("aiHelped", i.ai() == null ? 0 : i.ai().suggestionsHelped());
    return m;
  }

  /** Bars of this week's count (dark) next to the previous four-week mean (light) per label. */
  private static List<Map<String, Object>> issueBars(List<Report.Trend> trends) {
    double max = trends.stream().mapToDouble(t -> Math.max(t.count(), t.previousAverage())).max().orElse(1);
    List<Map<String, Object>> out = new ArrayList<>();
    int y = 0;
    for (Report.Trend t : trends) {
      out.add(row("label", t.label(), "y", y, "y2", y + 10, "textY", y + 14,
          "now", Math.max(1, Math.round(300 * t.count() / max)),
          "before", Math.max(1, Math.round(300 * t.previousAverage() / max))));
      y += 28;
    }
    return out;
  }

  /** A polyline of weekly CSAT averages on a 1–5 scale, 400 by 120 pixels. */
  private static String trendPoints(List<Report.CsatPoint> points) {
    StringBuilder s = new StringBuilder();
    List<Report.CsatPoint> rated = points.stream().filter(p -> p.average() != null).toList();
    for (int k = 0; k < rated.size(); k++) {
      double x = rated.size() == 1 ? 200 : 20 + 360.0 * k / (rated.size() - 1);
      double yy = 110 - 100 * (rated.get(k).average() - 1) / 4;
      s.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yy));
    }
    return s.toString().trim();
  }

  private static Map<String, Object> durations(String name, Report.Durations d) {
    return row("name", name, "count", d.count(), "avg", seconds(d.avg()), "median", seconds(d.median()),
        "p90", seconds(d.p90()));
  }

  private static Map<String, Object> shares(String name, Report.Shares s) {
    List<String> parts = new ArrayList<>();
    s.byTeam().forEach((k, v) -> parts.add(k + " " + percent(v)));
    List<String> prio = new ArrayList<>();
    s.byPriority().forEach((k, v) -> prio.add(k + " " + percent(v)));
    return row("name", name, "clocks", s.clocks(), "overall", percent(s.overall()),
        "teams", parts.isEmpty() ? "–" : String.join(", ", parts),
        "priorities", prio.isEmpty() ? "–" : String.join(", ", prio));
  }

  /** Table cells and one stacked bar (negative, neutral, positive; 300 px for 100 %) per week. */
  private static List<Map<String, Object>> sentimentRows(List<Report.SentimentPoint> points) {
    List<Map<String, Object>> out = new ArrayList<>();
    int y = 0;
    for (Report.SentimentPoint p : points) {
      long neg = bar(p.negative());
      long neu = bar(p.neutral());
      out.add(row("week", p.week(), "messages", p.messages(), "negative", percent(p.negative()),
          "neutral", percent(p.neutral()), "positive", percent(p.positive()), "y", y, "textY", y + 12,
          "negW", neg, "neuX", 90 + neg, "neuW", neu, "posX", 90 + neg + neu, "posW", bar(p.positive())));
      y += 20;
    }
    return out;
  }

  private static long bar(@Nullable Double share) {
    return share == null ? 0 : Math.round(300 * share);
  }

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String seconds(@Nullable Double s) {
    if (s == null) {
      return "–";
    }
    long v = Math.round(s);
    if (v < 120) {
      return v + " s";
    }
    if (v < 7200) {
      return String.format(Locale.ROOT, "%.1f min", v / 60.0);
    }
    if (v < 2 * 86400) {
      return String.format(Locale.ROOT, "%.1f h", v / 3600.0);
    }
    return String.format(Locale.ROOT, "%.1f d", v / 86400.0);
  }

  static String percent(@Nullable Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String number(@Nullable Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
  }

  /** Markdown table cells must stay on one line and must not contain a pipe. */
  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").replace("|", "/").strip();
    return t.length() > 120 ? t.substring(0, 120) + "…" : t;
  }
}
