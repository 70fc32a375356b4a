package at.ozeanlicht.support.core.reports;

import at.ozeanlicht.support.core.domain.Wire;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * How a report is written: {@code json} (the field contract of issue 8), {@code md} (GitHub-flavoured
 * Markdown, fit for a CI job summary), {@code html} (one self-contained file with SVG charts) or
 * {@code csv} (one {@code metric,key,value} row per figure). Thread-safe.
 */
public enum ReportFormat implements Wire {
  /** Pretty-printed JSON. */
  JSON,
  /** GitHub-flavoured Markdown. */
  MD,
  /** A self-contained HTML page with inline SVG charts and no external resources. */
  HTML,
  /** Comma-separated {@code metric,key,value} rows with a header. */
  CSV;

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Renders a report in this format; the text ends with a line break. */
  public String render(Report report) {
    Objects.requireNonNull(report, "report");
    return switch (this) {
      case JSON -> json(report);
      case MD -> ReportTemplates.render("report.md.peb", report, false);
      case HTML -> ReportTemplates.render("report.html.peb", report, true);
      case CSV -> ReportCsv.render(ReportJson.tree(report));
    };
  }

  private static String json(Report report) {
    try {
      StringWriter w = new StringWriter();
      MAPPER.writeValue(w, ReportJson.tree(report));
      return w + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report JSON could not be written", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
