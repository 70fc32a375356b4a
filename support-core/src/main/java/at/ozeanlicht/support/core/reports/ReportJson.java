package at.ozeanlicht.support.core.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The report as a JSON tree with the field names of the issue 8 contract, in a stable order. */
final class ReportJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ReportJson() {}

  static ObjectNode tree(Report r) {
    ObjectNode n = F.objectNode();
    n.put(r.period().kind().field(), r.period().label());
    n.put("zone", r.zone().getId());
    n.put("from", r.from().toString());
    n.put("to", r.to().toString());
    n.put("empty", r.isEmpty());
    ObjectNode conv = n.putObject("conversations");
    conv.put("total", r.conversations().total());
    ObjectNode byChannel = conv.putObject("byChannel");
    r.conversations().byChannel().forEach(byChannel::put);
    n.set("firstResponseSeconds", durations(r.firstResponseSeconds()));
    n.set("firstResponseBusinessSeconds", durations(r.firstResponseBusinessSeconds()));
    n.set("resolutionSeconds", durations(r.resolutionSeconds()));
    n.set("replyTimeSeconds", durations(r.replyTimeSeconds()));
    ObjectNode csat = n.putObject("csat");
    csat.put("responses", r.csat().responses());
    number(csat, "average", r.csat().average());
    number(csat, "satisfiedShare", r.csat().satisfiedShare());
    number(n, "aiDeflectionRate", r.aiDeflectionRate());
    ArrayNode labels = n.putArray("topLabels");
    r.topLabels().forEach(l -> labels.addObject().put("label", l.label()).put("count", l.count()));
    ArrayNode agents = n.putArray("agents");
    r.agents().forEach(a -> agents.addObject().put("agent", a.agent()).put("assigned", a.assigned())
        .put("resolved", a.resolved()));
    ArrayNode heat = n.putArray("heatmap");
    r.heatmap().forEach(row -> {
      ArrayNode a = heat.addArray();
      row.forEach(a::add);
    });
    ObjectNode sla = n.putObject("sla");
    sla.set("firstResponse", shares(r.sla().firstResponse()));
    sla.set("resolution", shares(r.sla().resolution()));
    n.set("insights", insights(r.insights(), r.period().kind()));
    return n;
  }

  static ObjectNode durations(Report.Durations d) {
    ObjectNode n = F.objectNode();
    n.put("count", d.count());
    number(n, "avg", d.avg());
    number(n, "median", d.median());
    number(n, "p90", d.p90());
    return n;
  }

  private static ObjectNode shares(Report.Shares s) {
    ObjectNode n = F.objectNode();
    n.put("clocks", s.clocks());
    number(n, "overall", s.overall());
    map(n.putObject("byTeam"), s.byTeam());
    map(n.putObject("byPriority"), s.byPriority());
    return n;
  }

  private static void map(ObjectNode n, Map<String, Double> values) {
    values.forEach(n::put);
  }

  private static JsonNode insights(Report.Insights i, ReportPeriod.Kind kind) {
    ObjectNode n = F.objectNode();
    if (kind == ReportPeriod.Kind.WEEK) {
      ArrayNode top = n.putArray("topIssues");
      i.topIssues().forEach(t -> top.addObject().put("label", t.label()).put("count", t.count())
          .put("previousAverage", t.previousAverage()));
      ArrayNode gaps = n.putArray("suggestedArticles");
      i.suggestedArticles().forEach(g -> number(gaps.addObject().put("question", g.question())
          .put("times", g.times()), "bestScore", g.bestScore()));
      ObjectNode spikes = n.putObject("spikes");
      spikes.put("test", i.spikeTest());
      ArrayNode found = spikes.putArray("found");
      i.spikes().forEach(s -> found.addObject().put("dimension", s.dimension()).put("key", s.key())
          .put("count", s.count()).put("baseline", s.baseline()).put("z", s.z()));
      ArrayNode sentiment = n.putArray("sentimentTrend");
      i.sentimentTrend().forEach(p -> {
        ObjectNode o = sentiment.addObject().put("week", p.week()).put("messages", p.messages());
        number(o, "negative", p.negative());
        number(o, "neutral", p.neutral());
        number(o, "positive", p.positive());
      });
    }
    ArrayNode targets = n.putArray("targets");
    for (Report.Target t : i.targets()) {
      ObjectNode o = targets.addObject().put("metric", t.metric());
      number(o, "value", t.value());
      o.put("target", t.target());
      if (t.met() == null) {
        o.putNull("met");
      } else {
        o.put("met", t.met());
      }
    }
    if (kind == ReportPeriod.Kind.MONTH) {
      ArrayNode trend = n.putArray("csatEvolution");
      i.csatTrend().forEach(p -> number(trend.addObject().put("week", p.week())
          .put("responses", p.responses()), "average", p.average()));
      ArrayNode channels = n.putArray("channels");
      i.channels().forEach(ch -> {
        ObjectNode o = channels.addObject().put("channel", ch.channel()).put("conversations", ch.conversations());
        number(o, "firstResponseMedian", ch.firstResponseMedian());
        number(o, "csatAverage", ch.csatAverage());
      });
      ArrayNode teams = n.putArray("teams");
      i.teams().forEach(t -> teams.addObject().put("team", t.team()).put("conversations", t.conversations())
          .put("resolved", t.resolved()).put("share", t.share()));
      if (i.ai() != null) {
        ObjectNode ai = n.putObject("ai");
        number(ai, "deflectionRate", i.ai().deflectionRate());
        ai.put("suggested", i.ai().suggested());
        ai.put("suggestionsHelped", i.ai().suggestionsHelped());
      }
    }
    return n;
  }

  private static void number(ObjectNode n, String field, @Nullable Double value) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }
}
