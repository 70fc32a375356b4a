package at.ozeanlicht.support.core.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Flattens the JSON tree into {@code metric,key,value} rows: the metric is the path of object
 * fields ({@code firstResponseSeconds.median}), the key the position or name inside arrays and
 * maps ({@code heatmap} row and hour, {@code topLabels} label). Nulls are empty cells.
 */
final class ReportCsv {
  private ReportCsv() {}

  static String render(JsonNode tree) {
    StringBuilder out = new StringBuilder("metric,key,value\n");
    walk(out, "", "", tree);
    return out.toString();
  }

  private static void walk(StringBuilder out, String metric, String key, JsonNode n) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        boolean keyed = metric.endsWith("byChannel") || metric.endsWith("byTeam") || metric.endsWith("byPriority");
        if (keyed) {
          walk(out, metric, join(key, e.getKey()), e.getValue());
        } else {
          walk(out, metric.isEmpty() ? e.getKey() : metric + "." + e.getKey(), key, e.getValue());
        }
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        JsonNode item = n.get(i);
        String name = item.has("label") ? item.get("label").asText()
            : item.has("agent") ? item.get("agent").asText()
            : item.has("channel") ? item.get("channel").asText()
            : item.has("team") ? item.get("team").asText()
            : item.has("metric") ? item.get("metric").asText()
            : item.has("week") ? item.get("week").asText()
            : String.valueOf(i);
        walk(out, metric, join(key, name), item);
      }
    } else {
      out.append(cell(metric)).append(',').append(cell(key)).append(',')
          .append(n.isNull() ? "" : cell(n.asText())).append('\n');
    }
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : a + "/" + b;
  }

  private static String cell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
