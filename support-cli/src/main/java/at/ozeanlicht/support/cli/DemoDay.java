package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.AddNote;
import at.ozeanlicht.support.core.api.ApplyMacro;
import at.ozeanlicht.support.core.api.AssignConversation;
import at.ozeanlicht.support.core.api.ChangeStatus;
import at.ozeanlicht.support.core.api.SendReply;
import at.ozeanlicht.support.core.api.SubmitCsat;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.TickReport;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.spi.DomainEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One day at the Ozean Licht academy, replayed on a moving clock: customers write over WhatsApp,
 * the web chat, e-mail and Telegram (through the real adapters, see {@link DemoChannels}),
 * routing and the AI first response react, SLA clocks run and are ticked, and the team answers
 * with macros and canned responses, hands over warmly, writes notes with mentions, resolves and
 * collects CSAT. Every step prints one line as it happens.
 */
final class DemoDay {
  static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
  /** The first replayed day, a Tuesday; a continued demo replays the following working days. */
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 24);
  private static final Pattern SURVEY_TOKEN = Pattern.compile("token=([A-Za-z0-9._~%-]+)");
  private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm");

  private final SupportEngine engine;
  private final DemoClock clock;
  private final DemoChannels channels;
  private final List<DomainEvent> events;
  private final PrintWriter out;
  private final Map<String, UUID> conversations = new LinkedHashMap<>();
  private final Map<String, Integer> ticks = new TreeMap<>();
  private final LocalDate day;
  private final String tag;
  private @Nullable ProgressBar bar;

  DemoDay(SupportEngine engine, DemoClock clock, DemoChannels channels, List<DomainEvent> events,
      LocalDate day, PrintWriter out) {
    this.engine = engine;
    this.clock = clock;
    this.channels = channels;
    this.events = events;
    this.day = day;
    this.out = out;
    // Each replayed day has its own customers' message ids; a later day's contacts write again.
    this.tag = day.equals(FIRST_DAY) ? "" : " (" + day + ")";
  }

  /** The number of steps, for the progress bar. */
  static final int STEPS = 27;

  /** Replays the day; {@code progress} (or null) shows a bar on the terminal. */
  Map<String, UUID> run(@Nullable ProgressBarBuilder progress) {
    try (ProgressBar b = progress == null ? null : progress.setTaskName("demo day").setInitialMax(STEPS).build()) {
      bar = b;
      script();
    }
    return conversations;
  }

  private void script() {
    out.println("== " + day.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.GERMAN)
        + ", " + day + " at Ozean Licht (Vienna)");
    // Before opening hours: the AI answers what it may, after-hours notices promise the morning.
    at(6, 52);
    customer("stefan", () -> channels.whatsApp(engine, "436509876543", "Stefan Koller",
        "Guten Morgen! Kann ich die Meditationen auch offline anhören, wenn ich im Zug bin?"),
        "WhatsApp", "Stefan Koller");
    at(7, 30);
    customer("ka-parent", () -> channels.telegram(engine, 5550101L, "Sandra", "Berger",
        "Hallo! Meine Tochter ist 8 und möchte bei Kids Ascension mitmachen. Gibt es dafür eine Warteliste?"),
        "Telegram", "Sandra Berger (Kids Ascension)");
    at(8, 5);
    customer("maria", () -> channels.whatsApp(engine, "436601112233", "Maria Lindner",
        "Hallo, Modul 3 lädt nicht 😕 Das Video bleibt einfach schwarz, egal was ich mache."),
        "WhatsApp", "Maria Lindner");

    // 09:00 the office opens.
    at(9, 2);
    agent("lukas takes Maria and sends the cache guide (macro cache-clear)", () -> {
      engine.assign(new AssignConversation(id("maria"), "tech", "lukas", "lukas"));
      engine.applyMacro(new ApplyMacro("cache-clear", List.of(id("maria")), "lukas"));
      engine.addNote(new AddNote(id("maria"), "lukas",
          "@lena falls es nach dem Cache-Leeren noch hängt: bitte Kulanz-Verlängerung prüfen."));
    });
    at(9, 6);
    agent("florian answers Stefan's offline question and resolves it", () -> {
      engine.assign(new AssignConversation(id("stefan"), null, "florian", "florian"));
      engine.reply(new SendReply(id("stefan"), "florian", "Guten Morgen Stefan! Ja: in der App "
          + "kannst du jede Meditation mit dem Download-Pfeil speichern und dann offline hören. "
          + "Gute Fahrt und schöne Meditation!"));
      engine.changeStatus(new ChangeStatus(id("stefan"), Status.RESOLVED, "florian"));
    });
    at(9, 12);
    customer("thomas", () -> channels.webChat(engine, "visitor-thomas" + tag, "Thomas Reiter",
        "thomas.reiter@example.com",
        "Hallo! Kann ich die Jahresausbildung auch in Raten bezahlen? Ich würde gern im Jänner starten."),
        "Web-Chat", "Thomas Reiter");
    at(9, 20);
    customer("maria", () -> channels.whatsApp(engine, "436601112233", "Maria Lindner",
        "Hab den Cache geleert – jetzt läuft Modul 3! Danke 🙏"), "WhatsApp", "Maria Lindner");
    at(9, 25);
    agent("lukas resolves Maria's conversation (survey goes out)", () ->
        engine.changeStatus(new ChangeStatus(id("maria"), Status.RESOLVED, "lukas")));
    at(9, 27);
    agent("lukas opens a dev ticket for the black Modul-3 video, linked to Maria's conversation", () ->
        engine.inbox().openDevTicket(actor("lukas"), "Modul 3: Video bleibt schwarz bis zum Cache-Leeren",
            "Maria Lindner (WhatsApp): Modul 3 blieb schwarz, nach dem Cache-Leeren lief es. "
                + "Bitte prüfen, ob der Player alte Segmente aus dem Cache lädt.", "tech", List.of(id("maria"))));
    at(9, 28);
    agent("lukas tells the team in #general", () -> engine.inbox().postToChannel(actor("lukas"), "general",
        "Kurzinfo: Modul 3 bleibt bei manchen schwarz – Cache leeren hilft, Dev-Ticket ist offen. @tech"));
    at(9, 31);
    rate("maria", 5, () -> channels.whatsApp(engine, "436601112233", "Maria Lindner",
        "5 😍 super schnell, danke!"));
    at(9, 35);
    agent("lena offers the payment plan (macro payment-plan) and hands over to thomas", () -> {
      engine.assign(new AssignConversation(id("thomas"), null, "lena", "lena"));
      engine.applyMacro(new ApplyMacro("payment-plan", List.of(id("thomas")), "lena"));
      engine.addNote(new AddNote(id("thomas"), "lena", "@thomas Thomas Reiter möchte die "
          + "Jahresausbildung ab Jänner in Raten zahlen – übernimmst du bitte das Gespräch?"));
      // The warm handoff: recorded as an activity in the conversation, visible to everyone.
      engine.assign(new AssignConversation(id("thomas"), "sales", "thomas", "lena"));
    });
    at(9, 40);
    customer("anna", () -> channels.email(engine, "anna.weiss@example.com", "Anna Weiss",
        "Meine Erfahrung in der Meditation",
        "Liebes Team,\n\nbei der Herzmeditation gestern habe ich ein sehr starkes Licht gesehen und "
            + "danach lange geweint. Ich weiß nicht, ob das normal ist, und bin etwas verunsichert. "
            + "Könnt ihr mir dazu etwas sagen?\n\nHerzliche Grüße\nAnna"),
        "E-Mail", "Anna Weiss");
    at(9, 50);
    agent("thomas writes to Thomas Reiter", () -> engine.reply(new SendReply(id("thomas"), "thomas",
        "Hallo Thomas, ich bin Thomas aus der Beratung. Sehr gern: die Jahresausbildung geht in 6 oder "
            + "12 Monatsraten ohne Aufpreis. Soll ich dir den Ratenplan für einen Start im Jänner schicken?")));
    at(10, 0);
    agent("sabine takes Anna's message personally", () -> {
      engine.assign(new AssignConversation(id("anna"), "spiritual", "sabine", "sabine"));
      engine.addNote(new AddNote(id("anna"), "sabine",
          "@thomas ich melde mich persönlich bei Anna und biete ein Gespräch an – bitte keine Standardantwort."));
      engine.reply(new SendReply(id("anna"), "sabine", "Liebe Anna, danke, dass du das mit uns teilst. "
          + "Was du erlebt hast, kennen viele auf diesem Weg, und es ist gut, dass du darüber sprichst. "
          + "Magst du morgen mit mir telefonieren? Ich nehme mir gern Zeit für dich. Herzlich, Sabine"));
    });
    at(10, 10);
    customer("thomas", () -> channels.webChat(engine, "visitor-thomas" + tag, "Thomas Reiter",
        "thomas.reiter@example.com", "Perfekt, dann buche ich mit 6 Raten. Danke dir!"),
        "Web-Chat", "Thomas Reiter");
    at(10, 15);
    agent("thomas resolves Thomas Reiter's conversation", () ->
        engine.changeStatus(new ChangeStatus(id("thomas"), Status.RESOLVED, "thomas")));
    at(10, 18);
    rate("thomas", 4, () -> channels.webChat(engine, "visitor-thomas" + tag, "Thomas Reiter",
        "thomas.reiter@example.com", "4 – sehr hilfreich"));
    at(10, 20);
    customer("vip", () -> channels.email(engine, "elisabeth.brandner@example.com",
        "Dr. Elisabeth Brandner", "Rechnung Jahresausbildung",
        "Guten Tag,\n\nkönnten Sie mir bitte die Rechnung für die Jahresausbildung noch einmal "
            + "schicken?\n\nMit freundlichen Grüßen\nElisabeth Brandner"),
        "E-Mail", "Dr. Elisabeth Brandner (VIP)");
    at(10, 30);
    agent("florian welcomes the Kids Ascension family", () -> {
      engine.assign(new AssignConversation(id("ka-parent"), null, "florian", "florian"));
      engine.reply(new SendReply(id("ka-parent"), "florian", "Liebe Sandra, wie schön! Ich habe "
          + "deine Tochter auf die Warteliste für den Kids-Ascension-Kurs im Februar gesetzt; "
          + "du bekommst die Einladung per E-Mail."));
      engine.changeStatus(new ChangeStatus(id("ka-parent"), Status.RESOLVED, "florian"));
    });
    at(11, 5);
    customer("refund", () -> channels.whatsApp(engine, "436761234567", "Jürgen Hofer",
        "Mir wurde der Kurs doppelt abgebucht. Ich möchte bitte mein Geld zurück."),
        "WhatsApp", "Jürgen Hofer");
    at(11, 30);
    tick("late morning");
    at(11, 40);
    agent("katharina checks the double charge, notes it for thomas and answers Jürgen", () -> {
      engine.assign(new AssignConversation(id("refund"), "admin", "katharina", "katharina"));
      engine.addNote(new AddNote(id("refund"), "katharina",
          "@thomas doppelte Abbuchung bestätigt, Erstattung über 290 € angewiesen."));
      engine.reply(new SendReply(id("refund"), "katharina", "Lieber Jürgen, das tut uns leid! Die "
          + "doppelte Abbuchung ist bestätigt; die Erstattung ist angewiesen und in 3–5 Werktagen auf "
          + "deinem Konto."));
      engine.changeStatus(new ChangeStatus(id("refund"), Status.RESOLVED, "katharina"));
    });
    at(11, 45);
    agent("thomas answers the VIP (after the first-response SLA)", () -> {
      engine.assign(new AssignConversation(id("vip"), null, "thomas", "thomas"));
      engine.reply(new SendReply(id("vip"), "thomas", "Sehr geehrte Frau Dr. Brandner, die Rechnung "
          + "ist soeben an Ihre Adresse gegangen. Entschuldigen Sie bitte die Wartezeit. Thomas Berger"));
    });
    at(12, 0);
    tick("noon");
    // After hours again: the AI helps with what it may, the team sees it tomorrow.
    at(21, 40);
    customer("evening", () -> channels.webChat(engine, "visitor-julia" + tag, "Julia Wagner",
        "julia.wagner@example.com",
        "Hallo, ich habe mein Passwort vergessen und komme nicht mehr in meinen Kurs."),
        "Web-Chat", "Julia Wagner");
    at(22, 0);
    tick("end of day");
  }

  /** Moves the clock to {@code hh:mm} of the day and runs the engine's periodic work. */
  private void at(int hour, int minute) {
    Instant next = day.atTime(LocalTime.of(hour, minute)).atZone(VIENNA).toInstant();
    if (next.isAfter(clock.instant())) {
      clock.set(next);
    }
    TickReport r = engine.tick(clock.instant());
    r.counts().forEach((k, v) -> ticks.merge(k, v, Integer::sum));
    step();
  }

  private void tick(String label) {
    StringBuilder line = new StringBuilder();
    ticks.forEach((k, v) -> {
      if (v > 0) {
        line.append(line.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
      }
    });
    print("SLA", "ticks so far today (" + label + "): " + (line.length() == 0 ? "nothing due" : line));
  }

  private void customer(String key, Supplier<WebhookResponse> send, String channel, String who) {
    int seen = events.size();
    WebhookResponse r = send.get();
    if (r.status() / 100 != 2) {
      throw new IllegalStateException("demo: the " + channel + " webhook answered " + r.status()
          + " " + r.body());
    }
    List<DomainEvent> fresh = new ArrayList<>(events.subList(seen, events.size()));
    UUID id = fresh.stream().map(DomainEvent::conversationId).filter(Objects::nonNull)
        .findFirst().orElseThrow(() -> new IllegalStateException("demo: " + channel + " stored nothing"));
    conversations.put(key, id);
    Conversation c = engine.conversation(id).orElseThrow().conversation();
    StringBuilder line = new StringBuilder(who + " → #" + c.number() + " " + dash(c.team()) + "/"
        + c.priority().wire());
    if (!c.labels().isEmpty()) {
      line.append(" ").append(c.labels());
    }
    for (DomainEvent e : fresh) {
      if (e.type().equals("ai.first_response")) {
        String blocked = e.data().get("blockedBy");
        line.append("; AI ").append(e.data().get("kind").equals("answer")
            ? "answered" + (e.data().get("articles").isEmpty() ? "" : " (" + e.data().get("articles") + ")")
            : "acknowledged only" + (blocked == null ? "" : " (boundary: " + blocked + ")"));
      }
    }
    print(channel, line.toString());
  }

  private void agent(String what, Runnable action) {
    action.run();
    print("team", what);
  }

  /** The customer answers the satisfaction survey: through the link's token, or by chat reply. */
  private void rate(String key, int rating, Supplier<WebhookResponse> chatReply) {
    List<Message> messages = engine.conversation(id(key)).orElseThrow().messages();
    String token = null;
    for (Message m : messages) {
      Matcher t = SURVEY_TOKEN.matcher(m.body());
      if (m.kind() == MessageKind.OUTGOING && t.find()) {
        token = t.group(1);
      }
    }
    if (token != null) {
      engine.submitCsat(new SubmitCsat(java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8),
          rating, "Sehr hilfreich, danke!"));
      print("CSAT", "#" + number(key) + " rated " + rating + " through the survey link");
    } else {
      chatReply.get();
      print("CSAT", "#" + number(key) + " rated " + rating + " by replying to the survey");
    }
  }

  private long number(String key) {
    return engine.conversation(id(key)).orElseThrow().conversation().number();
  }

  private Actor actor(String agent) {
    return engine.workspace().agent(agent).map(Actor::of)
        .orElseThrow(() -> new IllegalStateException("demo: no agent '" + agent + "' in the workspace"));
  }

  private UUID id(String key) {
    UUID id = conversations.get(key);
    if (id == null) {
      throw new IllegalStateException("demo: no conversation '" + key + "' yet");
    }
    return id;
  }

  private void print(String who, String text) {
    String line = String.format("%s  %-9s %s", HHMM.format(clock.instant().atZone(VIENNA)), who, text);
    if (bar != null) {
      bar.setExtraMessage(who);
    }
    out.println(line);
    out.flush();
  }

  private void step() {
    if (bar != null) {
      bar.step();
    }
  }

  private static String dash(@Nullable String s) {
    return s == null ? "-" : s;
  }

  /** The next working day after {@code last}, or the first day when nothing was replayed yet. */
  static LocalDate next(@Nullable LocalDate last) {
    if (last == null || last.isBefore(FIRST_DAY)) {
      return FIRST_DAY;
    }
    LocalDate d = last.plusDays(1);
    while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
      d = d.plusDays(1);
    }
    return d;
  }

  /** A settable clock: the demo moves it through the day. */
  static final class DemoClock extends Clock {
    private volatile Instant now;

    DemoClock(Instant start) {
      this.now = start;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the demo clock is UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
