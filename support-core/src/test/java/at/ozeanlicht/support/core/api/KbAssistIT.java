package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Status;
import at.ozeanlicht.support.core.routing.Router;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbDeflection;
import at.ozeanlicht.support.core.spi.KbGap;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Knowledge-base suggestions, their records and what the first response learns, on PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class KbAssistIT {
  private static final Path DIR = Path.of("..", "examples", "ozean-licht");
  private static final Workspace WS = WorkspaceLoader.load(DIR);
  private static final Router ROUTER = Router.load(DIR, WS);
  private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

  /** Two articles, found by a word of their id; "kurs" finds only a weak match. */
  static final KnowledgeBase KB = new KnowledgeBase() {
    private final List<KbArticle> articles = List.of(
        new KbArticle("passwort-zuruecksetzen", "Passwort zurücksetzen", "access", "de", List.of(),
            "# Passwort zurücksetzen\n\nKlicke auf der **Anmeldeseite** auf [Passwort vergessen?](/reset) "
                + "und gib deine E-Mail-Adresse ein. Der Link gilt 60 Minuten.\n"),
        new KbArticle("cache-leeren", "Browser-Cache leeren", "technical", "de", List.of(),
            "Wenn eine Seite leer bleibt, hilft es oft, den Cache zu leeren."));

    @Override
    public List<KbHit> search(String query, @Nullable String language, int limit) {
      String q = query.toLowerCase(Locale.ROOT);
      List<KbHit> hits = new ArrayList<>();
      if (q.contains("passwort")) {
        hits.add(new KbHit("passwort-zuruecksetzen", "Passwort zurücksetzen", "access", "de", 8, false));
      }
      if (q.contains("cache")) {
        hits.add(new KbHit("cache-leeren", "Browser-Cache leeren", "technical", "de", 7, false));
      }
      if (q.contains("kurs")) {
        hits.add(new KbHit("cache-leeren", "Browser-Cache leeren", "technical", "de", 1.2, false));
      }
      return hits.subList(0, Math.min(limit, hits.size()));
    }

    @Override
    public Optional<KbArticle> article(String id) {
      return articles.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    @Override
    public int size() {
      return articles.size();
    }
  };

  private final MutableClock clock = new MutableClock(START);
  private final SupportEngine engine = SupportEngine.builder()
      .store(SharedPostgres.database().conversationStore()).workspace(WS).routing(ROUTER).clock(clock)
      .knowledgeBase(KB).firstResponse(FirstResponsePolicy.defaults()).build();

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Conversation receive(String from, String text) {
    return engine.receive(new ReceiveMessage("ol-whatsapp", new InboundContact(from, "Anna", null, null, "de"),
        UUID.randomUUID().toString(), text, ContentType.TEXT, List.of(), null)).conversation();
  }

  /** The recorded suggestions of a conversation as "context:article". */
  private static List<String> recorded(UUID conversation) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select context, article_id from kb_suggestions where conversation_id = '"
            + conversation + "' order by id")) {
      while (rs.next()) {
        out.add(rs.getString(1) + ":" + rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void beforeSend_draftInConversation_headingSnippetLinkAndRecorded() throws SQLException {
    Conversation c = receive("4366400101", "Hallo");

    KbAssist.Suggestions s = engine.kb().withLinkBase("https://hilfe.example.org/")
        .beforeSend(c.id(), "Ich finde mein Passwort nicht mehr", null);

    assertThat(s.context()).isEqualTo(KbAssist.Context.BEFORE_SEND);
    assertThat(s.heading()).isEqualTo("Suchst du Hilfe zu…?");
    assertThat(s.articles()).singleElement().satisfies(a -> {
      assertThat(a.title()).isEqualTo("Passwort zurücksetzen");
      assertThat(a.link()).isEqualTo("https://hilfe.example.org/passwort-zuruecksetzen");
      assertThat(a.snippet()).startsWith("Klicke auf der Anmeldeseite auf Passwort vergessen? und")
          .doesNotContain("#", "**", "](");
    });
    assertThat(recorded(c.id())).containsExactly("before_send:passwort-zuruecksetzen");
  }

  @Test
  void beforeSend_noConversationYet_suggestsInEnglishAndRecordsNothing() throws SQLException {
    KbAssist.Suggestions s = engine.kb().beforeSend(null, "my cache, the passwort thing", "en");

    assertThat(s.heading()).isEqualTo("Looking for help with…?");
    assertThat(s.articles()).extracting(KbAssist.Suggestion::link)
        .containsExactly("kb/passwort-zuruecksetzen", "kb/cache-leeren");
    try (Connection c = SharedPostgres.pool().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select count(*) from kb_suggestions")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void whileWaiting_customerMessages_suggestedAndRecorded_guardedTextGetsNone() throws SQLException {
    Conversation c = receive("4366400102", "Guten Morgen");
    receive("4366400102", "Die Seite bleibt weiß, muss ich den Cache leeren?");
    Conversation refund = receive("4366400103", "Ich will mein Geld zurück, und der Cache spinnt");

    KbAssist.Suggestions s = engine.kb().whileWaiting(c.id());
    KbAssist.Suggestions guarded = engine.kb().whileWaiting(refund.id());

    assertThat(s.heading()).isEqualTo("Während du wartest, hilft dir vielleicht das");
    assertThat(s.articles()).extracting(KbAssist.Suggestion::articleId).containsExactly("cache-leeren");
    assertThat(recorded(c.id())).contains("while_waiting:cache-leeren");
    assertThat(guarded.articles()).isEmpty();
    assertThat(recorded(refund.id())).isEmpty();
  }

  @Test
  void preview_articleCard_recorded_unknownsHandled() throws SQLException {
    Conversation c = receive("4366400104", "Hallo");

    Optional<KbAssist.Suggestion> card = engine.kb().preview(c.id(), "cache-leeren");

    assertThat(card).hasValueSatisfying(a -> {
      assertThat(a.title()).isEqualTo("Browser-Cache leeren");
      assertThat(a.snippet()).isEqualTo("Wenn eine Seite leer bleibt, hilft es oft, den Cache zu leeren.");
      assertThat(a.link()).isEqualTo("kb/cache-leeren");
    });
    assertThat(engine.kb().preview(c.id(), "gibt-es-nicht")).isEmpty();
    assertThat(recorded(c.id())).containsExactly("preview:cache-leeren");
    assertThatThrownBy(() -> engine.kb().preview(UUID.randomUUID(), "cache-leeren"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("conversation");
  }

  @Test
  void firstResponse_bestArticleBelowThreshold_recordedAsGap_goodMatchIsNot() {
    Conversation weak = receive("4366400105", "Wann startet der nächste Kurs?");
    receive("4366400106", "Ich habe mein Passwort vergessen");

    List<KbGap> gaps = engine.kb().gaps(START.minusSeconds(60), START.plusSeconds(60), 10);

    assertThat(gaps).singleElement().satisfies(g -> {
      assertThat(g.conversationId()).isEqualTo(weak.id());
      assertThat(g.question()).isEqualTo("Wann startet der nächste Kurs?");
      assertThat(g.language()).isEqualTo("de");
      assertThat(g.bestArticleId()).isEqualTo("cache-leeren");
      assertThat(g.bestScore()).isEqualTo(1.2);
    });
    assertThatThrownBy(() -> engine.kb().gaps(START, START, 10)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("to");
  }

  @Test
  void deflections_articlesSuggestedBeforeResolvedWithoutHuman_counted() throws SQLException {
    Conversation alone = receive("4366400107", "Ich habe mein Passwort vergessen");
    Conversation helped = receive("4366400108", "Mein Passwort geht nicht mehr, bitte Cache?");
    Conversation open = receive("4366400109", "Passwort vergessen");
    assertThat(recorded(alone.id())).containsExactly("first_response:passwort-zuruecksetzen");
    engine.reply(new SendReply(helped.id(), "thomas", "Ich schaue es mir an."));
    clock.advance(Duration.ofMinutes(10));
    engine.changeStatus(new ChangeStatus(alone.id(), Status.RESOLVED, null));
    engine.changeStatus(new ChangeStatus(helped.id(), Status.RESOLVED, "thomas"));

    List<KbDeflection> d = engine.kb().deflections(START, START.plus(Duration.ofDays(1)));

    assertThat(d).containsExactly(new KbDeflection("passwort-zuruecksetzen", 1, 1));
    assertThat(engine.kb().deflections(START.plus(Duration.ofDays(1)), START.plus(Duration.ofDays(2)))).isEmpty();
    assertThat(open.status()).isEqualTo(Status.OPEN);
  }
}
