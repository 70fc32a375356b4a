package at.ozeanlicht.support.core.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.spi.MessageAnalyzer;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The weekly sentiment trend from the analyzer's sentiment of messages received through routing,
 * against shares counted here from what the analyzer said.
 */
@ExtendWith(PostgresExtension.class)
class ReportSentimentIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  private static final Sentiment[] TONES = Sentiment.values();

  /** Says the sentiment the text starts with ("negative …", "neutral …", "positive …"). */
  private static final MessageAnalyzer ANALYZER = new MessageAnalyzer() {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public MessageAnalysis analyze(String text, @Nullable String languageHint) {
      Sentiment s = Sentiment.valueOf(text.substring(0, text.indexOf(' ')).toUpperCase(java.util.Locale.ROOT));
      return new MessageAnalysis("de", s, s == Sentiment.NEGATIVE ? -0.8 : s == Sentiment.POSITIVE ? 0.8 : 0,
          null, Set.of(), 0.9);
    }
  };

  @Test
  void weekly_sentimentTrend_sharesPerCreationWeek() throws Exception {
    // Monday 2 Nov 2026 00:30 local; five weeks of conversations, later messages on some of them.
    MutableClock clock = new MutableClock(Instant.parse("2026-11-01T23:30:00Z"));
    Random rnd = new Random(8);
    /** Per creation week: messages per sentiment (negative, neutral, positive). */
    Map<String, long[]> expected = new TreeMap<>();
    try (SupportEngine engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(WS).routing(Router.load(DIR, WS)).analyzer(ANALYZER).clock(clock).build()) {
      for (int i = 0; i < 40; i++) {
        String week = week(clock.instant());
        String from = "4366400" + String.format("%04d", i);
        int messages = 1 + rnd.nextInt(3);
        for (int m = 0; m < messages; m++) {
          Sentiment s = TONES[rnd.nextInt(TONES.length)];
          engine.receive(ReceiveMessage.text("ol-whatsapp", InboundContact.of(from), UUID.randomUUID().toString(),
              s.wire() + " Nachricht " + m));
          expected.computeIfAbsent(week, k -> new long[3])[s.ordinal()]++;
          clock.advance(Duration.ofMinutes(5 + rnd.nextInt(600)));
        }
        clock.advance(Duration.ofHours(rnd.nextInt(30)));
      }
      assertThat(expected).as("the data spans at least five weeks").hasSizeGreaterThanOrEqualTo(5);
      for (LocalDate day : List.of(LocalDate.of(2026, 11, 25), LocalDate.of(2026, 12, 2))) {
        Report r = engine.reports().weekly(day, VIENNA);
        List<Report.SentimentPoint> trend = r.insights().sentimentTrend();
        assertThat(trend).hasSize(4);
        for (int w = 0; w < 4; w++) {
          Report.SentimentPoint p = trend.get(w);
          assertThat(p.week()).isEqualTo(week(day.minusWeeks(3 - w).atStartOfDay(VIENNA).toInstant()));
          long[] n = expected.getOrDefault(p.week(), new long[3]);
          long all = n[0] + n[1] + n[2];
          assertThat(p.messages()).as(p.week()).isEqualTo(all);
          if (all == 0) {
            assertThat(p.negative()).isNull();
            continue;
          }
          assertThat(p.negative()).isCloseTo(n[0] / (double) all, within(1e-9));
          assertThat(p.neutral()).isCloseTo(n[1] / (double) all, within(1e-9));
          assertThat(p.positive()).isCloseTo(n[2] / (double) all, within(1e-9));
        }
        JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(r));
        assertThat(json.at("/insights/sentimentTrend")).hasSize(4);
        assertThat(json.at("/insights/sentimentTrend/3/week").asText()).isEqualTo(r.period().label());
        assertThat(ReportFormat.MD.render(r)).contains("| " + trend.get(3).week() + " | "
            + trend.get(3).messages() + " | ");
        assertThat(ReportFormat.HTML.render(r)).contains("Share of negative, neutral and positive");
      }
    }
  }

  private static String week(Instant t) {
    LocalDate d = t.atZone(VIENNA).toLocalDate();
    return String.format("%d-W%02d", d.get(IsoFields.WEEK_BASED_YEAR), d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }
}
