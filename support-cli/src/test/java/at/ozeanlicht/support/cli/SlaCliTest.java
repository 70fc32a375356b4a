package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code support sla deadline} in-process, no database. */
class SlaCliTest {
  @TempDir Path dir;

  private Cli.Result run(String... args) {
    return new Cli(dir).run(args);
  }

  @Test
  void deadline_calendar_printsTheInstant() {
    // Fri 2026-11-27 17:00 Vienna + 4h of Mon-Fri 9-18 -> Mon 12:00 Vienna
    Cli.Result r = run("sla", "deadline", "--zone", "Europe/Vienna", "--hours", "mon-fri 09:00-18:00",
        "--from", "2026-11-27T16:00:00Z", "--target", "4h");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("2026-11-30T11:00:00Z\n");
  }

  @Test
  void deadline_json_isExactlyTheContract() {
    Cli.Result r = run("sla", "deadline", "--zone", "Europe/Vienna", "--hours",
        "mon-fri 09:00-12:00,13:00-18:00; sat 10:00-14:00", "--holidays", "2026-12-24,2026-12-25",
        "--from", "2026-12-23T16:00:00Z", "--target", "PT1H30M", "--json");
    // Wed 23 Dec 17:00: 1h Wed, Thu 24 and Fri 25 closed, Sat 26 10:00 + 30m
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"deadline\": \"2026-12-26T09:30:00Z\"}\n");
  }

  @Test
  void deadline_247_isPlainAddition() {
    Cli.Result r = run("sla", "deadline", "--zone", "Europe/Vienna", "--hours", "24/7",
        "--from", "2026-03-28T23:30:00Z", "--target", "15m", "--json");
    assertThat(r.out()).isEqualTo("{\"deadline\": \"2026-03-28T23:45:00Z\"}\n");
  }

  @Test
  void deadline_workspacePolicy_usesOfficeCalendar() {
    // normal first response 4h; Mon 2026-12-07 17:00 Vienna, Tue 8 Dec is a holiday -> Wed 12:00
    Cli.Result r = run("sla", "deadline", "--workspace", Cli.REFERENCE_WORKSPACE.toString(),
        "--priority", "normal", "--metric", "first-response", "--from", "2026-12-07T16:00:00Z", "--json");
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("{\"deadline\": \"2026-12-09T11:00:00Z\"}\n");
    Cli.Result critical = run("sla", "deadline", "--workspace", Cli.REFERENCE_WORKSPACE.toString(),
        "--priority", "critical", "--metric", "resolution", "--from", "2026-11-25T16:00:00Z");
    // critical resolution 2h: Wed 17:00 -> 1h Wed, 1h Thu -> Thu 10:00 Vienna
    assertThat(critical.out()).isEqualTo("2026-11-26T09:00:00Z\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "--zone Europe/Wien --hours 24/7 --from 2026-01-01T00:00:00Z --target 1h|error: --zone: must be a time zone id such as Europe/Vienna, was 'Europe/Wien'",
    "--zone UTC --hours mox_09:00-18:00 --from 2026-01-01T00:00:00Z --target 1h|error: --hours: day 'mox' in entry",
    "--zone UTC --hours 24/7 --from yesterday --target 1h|error: --from: must be an ISO-8601 instant such as 2026-11-27T16:00:00Z, was 'yesterday'",
    "--zone UTC --hours 24/7 --from 2026-01-01T00:00:00Z --target 4 hours|error: --target: must be a duration",
    "--zone UTC --hours 24/7 --holidays 2026-02-30 --from 2026-01-01T00:00:00Z --target 1h|error: --holidays: must be dates such as 2026-12-24, was '2026-02-30'",
    "--zone UTC --from 2026-01-01T00:00:00Z --target 1h|error: --hours: required in this form of the command",
    "--zone UTC --hours 24/7 --priority high --from 2026-01-01T00:00:00Z --target 1h|error: --zone/--workspace: give either",
    "--workspace WS --priority urgent --metric resolution --from 2026-01-01T00:00:00Z|error: --priority: must be one of critical, high, normal, low, was 'urgent'",
    "--workspace WS --priority low --metric answer --from 2026-01-01T00:00:00Z|error: --metric: must be one of first-response, next-response, resolution, was 'answer'",
    "--workspace WS --priority low --metric resolution --from 2026-01-01T00:00:00Z|error: --metric: policy 'low' sets no resolution target",
  })
  void deadline_badInput_exits2NamingTheOption(String args, String expected) {
    String[] split = args.replace("WS", Cli.REFERENCE_WORKSPACE.toString()).split(" ");
    String[] all = new String[split.length + 2];
    all[0] = "sla";
    all[1] = "deadline";
    for (int i = 0; i < split.length; i++) {
      all[i + 2] = split[i].replace('_', ' ');
    }
    if (args.contains("4 hours")) {
      all = new String[] {"sla", "deadline", "--zone", "UTC", "--hours", "24/7", "--from",
          "2026-01-01T00:00:00Z", "--target", "4 hours"};
    }
    Cli.Result r = run(all);
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith(expected);
    assertThat(r.out()).isEmpty();
  }
}
