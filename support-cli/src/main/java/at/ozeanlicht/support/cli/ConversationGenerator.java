package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Label;
import at.ozeanlicht.support.core.workspace.Workspace;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Writes synthetic conversations in the import format. Deterministic: the output depends only on
 * the workspace and the seed (no clock, no hash order), so a benchmark file can be regenerated.
 */
final class ConversationGenerator {
  private static final Instant START = Instant.parse("2025-01-06T06:00:00Z");
  private static final JsonFactory JSON = new JsonFactory();

  private static final String[] FIRST = {"Anna", "Lena", "Sophie", "Marie", "Laura", "Julia",
      "Sarah", "Hannah", "Katharina", "Elisabeth", "Johanna", "Theresa", "Lukas", "David",
      "Florian", "Maximilian", "Jakob", "Tobias", "Stefan", "Michael", "Sabine", "Monika",
      "Birgit", "Claudia", "Emily", "Olivia", "James", "Noah", "Grace", "Liam"};
  private static final String[] LAST = {"Gruber", "Huber", "Wagner", "Müller", "Pichler",
      "Steiner", "Moser", "Mayer", "Hofer", "Bauer", "Leitner", "Berger", "Fuchs", "Eder",
      "Fischer", "Schmid", "Winkler", "Weber", "Schwarz", "Brunner", "Smith", "Taylor", "Brown"};

  /** One kind of request, with what a customer writes and how the team answers, in de and en. */
  private record Topic(String team, String[] de, String[] en) {}

  private static final Topic[] TOPICS = {
    new Topic("tech",
        new String[] {"Hallo, ich kann mich seit gestern nicht mehr einloggen. Das Passwort wird nicht akzeptiert.",
            "Danke für deine Nachricht! Ich habe dir einen neuen Link zum Zurücksetzen geschickt. Klappt es damit?",
            "Ja, jetzt geht es wieder. Vielen Dank!",
            "Passwort-Reset ausgelöst, Konto war nicht gesperrt."},
        new String[] {"Hi, I can't log in since yesterday, my password is rejected.",
            "Thanks for reaching out! I've sent you a fresh reset link. Does that work?",
            "Yes, I'm back in. Thank you!",
            "Triggered password reset; account was not locked."}),
    new Topic("tech",
        new String[] {"Das Video in Lektion 4 bleibt immer nach ein paar Minuten stehen.",
            "Das tut mir leid! Kannst du bitte einmal den Browser-Cache leeren und es erneut versuchen?",
            "Hat leider nicht geholfen, ich nutze Safari auf dem iPad.",
            "Bekanntes Problem mit Safari 17, an Entwicklung weitergegeben."},
        new String[] {"The video in lesson 4 keeps stopping after a few minutes.",
            "Sorry about that! Could you clear your browser cache and try again?",
            "Didn't help, I'm using Safari on an iPad.",
            "Known Safari 17 issue, handed to development."}),
    new Topic("sales",
        new String[] {"Ich wurde für den Jahreskurs zweimal belastet. Können Sie das prüfen?",
            "Du hast recht, da ist etwas schiefgelaufen. Die doppelte Zahlung wird in 3-5 Werktagen erstattet.",
            "Super, danke für die schnelle Hilfe.",
            "Doppelbuchung im Zahlungsanbieter bestätigt, Erstattung angestoßen."},
        new String[] {"I was charged twice for the annual course. Could you check?",
            "You're right, something went wrong. The duplicate payment will be refunded in 3-5 business days.",
            "Great, thanks for the quick help.",
            "Confirmed double charge with the payment provider, refund started."}),
    new Topic("sales",
        new String[] {"Gibt es für die Ausbildung auch eine Ratenzahlung?",
            "Ja, du kannst in 6 oder 12 Monatsraten zahlen. Ich schicke dir gern den Link zur Anmeldung.",
            "Bitte ja, 12 Raten wären ideal.",
            "Interessentin für Ausbildung, Ratenzahlung angeboten."},
        new String[] {"Is there an instalment plan for the training?",
            "Yes, you can pay in 6 or 12 monthly instalments. Shall I send you the sign-up link?",
            "Yes please, 12 instalments would be ideal.",
            "Prospect for the training, offered instalments."}),
    new Topic("spiritual",
        new String[] {"Bei der Atemmeditation werde ich oft unruhig. Ist das normal?",
            "Das ist ganz normal, besonders am Anfang. Beginne mit 5 Minuten und steigere langsam.",
            "Danke, das beruhigt mich sehr.",
            "Teilnehmerin im Grundkurs, Woche 2."},
        new String[] {"I often get restless during the breathing meditation. Is that normal?",
            "That's completely normal, especially at the start. Begin with 5 minutes and build up slowly.",
            "Thank you, that's reassuring.",
            "Participant in the foundation course, week 2."}),
    new Topic("support",
        new String[] {"Ab wann ist das Modul zum Vollmond-Retreat freigeschaltet?",
            "Das Modul wird am Freitag um 18 Uhr freigeschaltet, du bekommst dann auch eine E-Mail.",
            "Perfekt, danke!",
            "Frage zur Freischaltung, Standardantwort."},
        new String[] {"When does the full-moon retreat module unlock?",
            "It unlocks on Friday at 6 pm, and you'll get an email as well.",
            "Perfect, thanks!",
            "Unlock question, standard answer."}),
    new Topic("support",
        new String[] {"Meine Tochter (9) möchte beim Kids Ascension Kurs mitmachen. Wie melde ich sie an?",
            "Wie schön! Die Anmeldung machst du als Elternteil über dein Konto unter 'Familie'. Ich helfe dir gern dabei.",
            "Hat geklappt, sie freut sich schon sehr!",
            "Elternkonto vorhanden, Kind hinzugefügt."},
        new String[] {"My daughter (9) would like to join the Kids Ascension course. How do I sign her up?",
            "Lovely! As a parent you sign up through your account under 'Family'. Happy to help.",
            "Done, she's really looking forward to it!",
            "Parent account exists, child added."}),
    new Topic("admin",
        new String[] {"Bitte löschen Sie alle meine Daten gemäß DSGVO.",
            "Wir haben deine Anfrage erhalten und löschen deine Daten innerhalb von 30 Tagen. Du bekommst eine Bestätigung.",
            "Danke für die Bestätigung.",
            "DSGVO-Löschanfrage, Identität per E-Mail bestätigt."},
        new String[] {"Please delete all my data under GDPR.",
            "We've received your request and will delete your data within 30 days. You'll get a confirmation.",
            "Thanks for confirming.",
            "GDPR deletion request, identity confirmed by email."}),
  };

  private final long seed;
  private final List<Inbox> inboxes;
  private final List<Agent> agents;
  private final List<String> labels;

  ConversationGenerator(Workspace workspace, long seed) {
    if (workspace.inboxes().isEmpty()) {
      throw new IllegalArgumentException("workspace: has no inboxes to generate conversations for");
    }
    this.seed = seed;
    this.inboxes = workspace.inboxes();
    this.agents = workspace.agents();
    this.labels = workspace.labels().stream().map(Label::name).toList();
  }

  /** Writes {@code count} conversations, one JSON object per line. */
  void write(Writer out, int count) throws IOException {
    int contacts = Math.max(1, count * 2 / 3);
    for (int i = 1; i <= count; i++) {
      try (JsonGenerator g = JSON.createGenerator(new NoClose(out))) {
        conversation(g, i, contacts);
      }
      out.write('\n');
    }
  }

  private void conversation(JsonGenerator g, int index, int contacts) throws IOException {
    SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
    Inbox inbox = inboxes.get(r.nextInt(inboxes.size()));
    // Some contacts write again: a pool smaller than the conversation count, per channel.
    int contact = r.nextInt(contacts);
    SplittableRandom cr = new SplittableRandom(seed * 7_919L + contact);
    String first = FIRST[cr.nextInt(FIRST.length)];
    String last = LAST[cr.nextInt(LAST.length)];
    boolean english = cr.nextInt(100) < 20;
    String language = english ? "en" : "de";
    Topic topic = TOPICS[r.nextInt(TOPICS.length)];
    String[] text = english ? topic.en() : topic.de();
    Agent agent = pickAgent(r, topic.team(), language);

    Instant created = START.plus(Duration.ofMinutes(r.nextLong(365L * 24 * 60)));
    int statusRoll = r.nextInt(100);
    String status = statusRoll < 55 ? "resolved" : statusRoll < 75 ? "pending" : "open";
    int priorityRoll = r.nextInt(100);
    String priority = priorityRoll < 5 ? "critical" : priorityRoll < 20 ? "high"
        : priorityRoll < 90 ? "normal" : "low";

    String id = "gen-" + seed + "-" + index;
    g.writeStartObject();
    g.writeStringField("externalId", id);
    g.writeStringField("inbox", inbox.id());
    g.writeStringField("channel", inbox.channel().wire());
    g.writeObjectFieldStart("contact");
    g.writeStringField("externalId", contactId(inbox.channel(), contact, first, last));
    g.writeStringField("name", first + " " + last);
    if (inbox.channel() == ChannelType.EMAIL || cr.nextInt(100) < 40) {
      g.writeStringField("email", email(contact, first, last));
    } else {
      g.writeNullField("email");
    }
    g.writeStringField("language", language);
    g.writeBooleanField("vip", cr.nextInt(100) < 5);
    g.writeEndObject();
    if (agent == null || status.equals("open") && r.nextBoolean()) {
      g.writeNullField("assignee");
    } else {
      g.writeStringField("assignee", agent.id());
    }
    if (agent != null && !agent.teams().isEmpty()) {
      g.writeStringField("team", agent.teams().get(0));
    }
    g.writeStringField("status", status);
    g.writeStringField("priority", priority);
    g.writeArrayFieldStart("labels");
    if (!labels.isEmpty()) {
      int n = r.nextInt(3);
      String previous = null;
      for (int k = 0; k < n; k++) {
        String l = labels.get(r.nextInt(labels.size()));
        if (!l.equals(previous)) {
          g.writeString(l);
          previous = l;
        }
      }
    }
    g.writeEndArray();
    g.writeStringField("createdAt", created.toString());

    // Messages: the question, maybe a note, the answer, maybe a follow-up and a closing answer.
    List<String[]> messages = new ArrayList<>();
    Instant t = created;
    messages.add(new String[] {"incoming", "contact", text[0], t.toString()});
    String sender = agent == null ? "bot" : "agent:" + agent.id();
    boolean answered = !status.equals("open") || r.nextBoolean();
    if (answered) {
      if (agent != null && r.nextInt(100) < 30) {
        t = t.plus(Duration.ofMinutes(1 + r.nextInt(30)));
        messages.add(new String[] {"note", sender, text[3], t.toString()});
      }
      t = t.plus(Duration.ofMinutes(3 + r.nextInt(240)));
      messages.add(new String[] {"outgoing", sender, text[1], t.toString()});
      if (r.nextInt(100) < 60) {
        t = t.plus(Duration.ofMinutes(5 + r.nextInt(600)));
        messages.add(new String[] {"incoming", "contact", text[2], t.toString()});
        if (r.nextBoolean()) {
          t = t.plus(Duration.ofMinutes(2 + r.nextInt(120)));
          messages.add(new String[] {"outgoing", sender,
              english ? "Glad I could help. Have a lovely day!" : "Sehr gern! Alles Liebe und einen schönen Tag.",
              t.toString()});
        }
      }
    }
    Instant resolved = null;
    if (status.equals("resolved")) {
      resolved = t.plus(Duration.ofMinutes(1 + r.nextInt(60)));
      messages.add(new String[] {"activity", "system", "Conversation resolved", resolved.toString()});
      g.writeStringField("resolvedAt", resolved.toString());
    } else {
      g.writeNullField("resolvedAt");
    }
    if (resolved != null && r.nextInt(100) < 60) {
      int[] ratings = {5, 5, 5, 5, 4, 4, 4, 3, 2, 1};
      int rating = ratings[r.nextInt(ratings.length)];
      g.writeObjectFieldStart("csat");
      g.writeNumberField("rating", rating);
      if (rating >= 4 && r.nextBoolean()) {
        g.writeStringField("comment", english ? "Very helpful, thank you!" : "Sehr hilfreich, danke!");
      } else if (rating <= 2) {
        g.writeStringField("comment", english ? "Took far too long." : "Hat viel zu lange gedauert.");
      } else {
        g.writeNullField("comment");
      }
      g.writeStringField("submittedAt", resolved.plus(Duration.ofMinutes(10 + r.nextInt(1440))).toString());
      g.writeEndObject();
    } else {
      g.writeNullField("csat");
    }
    g.writeArrayFieldStart("messages");
    for (int k = 0; k < messages.size(); k++) {
      String[] m = messages.get(k);
      g.writeStartObject();
      g.writeStringField("externalId", id + "-m" + (k + 1));
      g.writeStringField("direction", m[0]);
      g.writeStringField("sender", m[1]);
      g.writeStringField("body", m[2]);
      g.writeStringField("createdAt", m[3]);
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private @Nullable Agent pickAgent(SplittableRandom r, String team, String language) {
    List<Agent> fit = agents.stream()
        .filter(a -> a.teams().contains(team) && a.speaks(language)).toList();
    if (fit.isEmpty()) {
      fit = agents.stream().filter(a -> a.teams().contains(team)).toList();
    }
    if (fit.isEmpty()) {
      fit = agents;
    }
    return fit.isEmpty() ? null : fit.get(r.nextInt(fit.size()));
  }

  private static String contactId(ChannelType channel, int contact, String first, String last) {
    return switch (channel) {
      case WHATSAPP -> String.format(Locale.ROOT, "43664%07d", contact);
      case TELEGRAM -> String.valueOf(700_000_000L + contact);
      case EMAIL -> email(contact, first, last);
      case WEB, API -> String.format(Locale.ROOT, "visitor-%08x", contact * 2_654_435_761L & 0xffffffffL);
    };
  }

  private static String email(int contact, String first, String last) {
    String local = (first + "." + last).toLowerCase(Locale.ROOT)
        .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss");
    return local + contact + "@example.org";
  }

  /** Lets each line's generator close without closing the shared writer. */
  private static final class NoClose extends Writer {
    private final Writer out;

    NoClose(Writer out) {
      this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
      out.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
      out.write(s, off, len);
    }

    @Override
    public void flush() {
      // the caller flushes
    }

    @Override
    public void close() {
      // the caller closes
    }
  }
}
