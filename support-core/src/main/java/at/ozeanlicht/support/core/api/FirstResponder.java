package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.routing.AiBoundaryGuard;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The automatic first response (issue 7): decides between a warm answer with articles and guided
 * fixes, an honest acknowledgment, and nothing, and writes the text in German or English. Pure:
 * the engine stores and sends the result. The boundary guard runs here again on top of routing's
 * {@code aiAllowed}, so a missing router, a rule that sets {@code ai_allowed: true} or a policy
 * can never let a guarded message get an answer.
 *
 * <p>Immutable and thread-safe.
 */
final class FirstResponder {
  /** Label on conversations the AI answered. */
  static final String ANSWERED = "ai-answered";
  /** Label on conversations the customer confirmed solved after an AI answer, no human involved. */
  static final String DEFLECTED = "ai-deflected";

  enum Kind { ANSWER, ACKNOWLEDGE }

  enum Fix { PASSWORD, CACHE, BROWSER }

  /**
   * What to send. {@code hits} are the suggested articles' hits; {@code gap} is set when the
   * knowledge base was searched and its best article scored below the policy's threshold (the
   * best hit below it, or null when there was none at all).
   */
  record Reply(Kind kind, String language, String text, List<String> articles, @Nullable Fix fix,
      List<String> blockedBy, List<KbHit> hits, boolean gap, @Nullable KbHit best) {
    Reply {
      Objects.requireNonNull(kind, "kind");
      articles = List.copyOf(articles);
      blockedBy = List.copyOf(blockedBy);
      hits = List.copyOf(hits);
    }

    Reply(Kind kind, String language, String text, List<String> articles, @Nullable Fix fix,
        List<String> blockedBy) {
      this(kind, language, text, articles, fix, blockedBy, List.of(), false, null);
    }
  }

  /** One received message as the responder sees it. */
  record Request(String text, @Nullable String contactName, @Nullable String contactLanguage,
      String defaultLanguage, boolean vip, @Nullable MessageAnalysis analysis,
      @Nullable Boolean routingAiAllowed) {}

  private final @Nullable KnowledgeBase kb;
  private final FirstResponsePolicy policy;

  FirstResponder(@Nullable KnowledgeBase kb, FirstResponsePolicy policy) {
    this.kb = kb;
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  Reply respond(Request r) {
    String lang = language(r);
    boolean de = lang.equals("de");
    String hello = greeting(de, r.contactName());
    List<String> blocked = AiBoundaryGuard.standard().check(r.text(), r.vip(), r.analysis());
    boolean routingForbids = Boolean.FALSE.equals(r.routingAiAllowed());
    if (!blocked.isEmpty() || routingForbids) {
      // Honest and nothing more: no advice, no articles, no promise about the outcome.
      String text = de
          ? hello + " danke für deine Nachricht. Sie wird persönlich von jemandem aus unserem Team "
              + "gelesen, und wir melden uns so bald wie möglich bei dir."
          : hello + " thank you for your message. Someone from our team will read it personally "
              + "and get back to you as soon as possible.";
      return new Reply(Kind.ACKNOWLEDGE, lang, text, List.of(), null,
          blocked.isEmpty() ? List.of("routing") : blocked);
    }
    String folded = fold(r.text());
    Fix fix = fix(folded);
    List<KbHit> found = kb == null ? List.of() : kb.search(r.text(), lang, policy.maxArticles());
    List<KbHit> hits = found.stream().filter(h -> h.score() >= policy.minArticleScore()).toList();
    boolean gap = kb != null && hits.isEmpty();
    KbHit best = found.isEmpty() ? null : found.get(0);
    boolean confident = r.analysis() == null || r.analysis().confidence() >= policy.minCategoryConfidence();
    if (fix == null && (hits.isEmpty() || !confident)) {
      String text = de
          ? hello + " danke für deine Nachricht! Wir haben sie erhalten, und jemand aus unserem Team "
              + "meldet sich persönlich bei dir."
          : hello + " thank you for your message! We have received it, and someone from our team "
              + "will get back to you personally.";
      return new Reply(Kind.ACKNOWLEDGE, lang, text, List.of(), null, List.of(), List.of(), gap, best);
    }
    StringBuilder b = new StringBuilder(hello);
    b.append(de ? " danke für deine Nachricht! Ich bin der digitale Assistent des Support-Teams und "
            + "versuche, dir gleich weiterzuhelfen."
        : " thank you for your message! I'm the support team's digital assistant and I'll try to "
            + "help you right away.");
    if (fix != null) {
      b.append("\n\n").append(steps(fix, de));
    }
    if (!hits.isEmpty()) {
      b.append("\n\n").append(de ? "Diese Artikel helfen vielleicht:" : "These articles might help:");
      for (KbHit h : hits) {
        b.append("\n• ").append(h.title());
      }
    }
    b.append("\n\n").append(question(fix, de));
    b.append("\n").append(de ? "Wenn es damit nicht klappt, meldet sich jemand aus unserem Team persönlich."
        : "If this doesn't solve it, someone from our team will get back to you personally.");
    return new Reply(Kind.ANSWER, lang, b.toString(), hits.stream().map(KbHit::articleId).toList(),
        fix, List.of(), hits, gap, best);
  }

  /**
   * Whether a later customer message confirms the problem is solved: a thank-you or "works now",
   * no question, no negation.
   */
  static boolean confirmsSolved(String text) {
    String f = " " + fold(text) + " ";
    if (f.contains("?") || containsAny(f, " nicht ", " nichts ", " kein", " noch immer", " immer noch",
        " not ", "n't", " still ", " no ", " never ", " aber ", " but ")) {
      return false;
    }
    return containsAny(f, "hat geklappt", "klappt jetzt", "klappt wieder", "hat funktioniert",
        "funktioniert jetzt", "funktioniert wieder", "geht jetzt", "geht wieder", "geloest", "erledigt",
        "alles gut", "passt jetzt", "works now", "it works", "it worked", "that worked", "working now",
        "solved", "fixed", "sorted", "all good");
  }

  private static String language(Request r) {
    for (String l : new String[] {r.analysis() == null ? null : r.analysis().language(),
        r.contactLanguage(), r.defaultLanguage()}) {
      if ("de".equals(l) || "en".equals(l)) {
        return l;
      }
    }
    return "en";
  }

  private static String greeting(boolean de, @Nullable String name) {
    String first = name == null || name.isBlank() ? null : name.strip().split("\\s+")[0];
    if (first != null && !first.matches("[\\p{L}'-]{1,40}")) {
      first = null;
    }
    return (de ? "Hallo" : "Hi") + (first == null ? "," : " " + first + ",");
  }

  static @Nullable Fix fix(String folded) {
    String f = " " + folded + " ";
    if (containsAny(f, "passwort", "password", "kennwort", "einloggen", "anmelden", "log in", "login",
        "sign in", "reset link")) {
      return Fix.PASSWORD;
    }
    if (containsAny(f, "cache", "weisse seite", "leere seite", "blank page", "laedt nicht",
        "laedt nur", "not loading", "won't load", "doesn't load", "wird nicht angezeigt",
        "page is blank", "seite haengt")) {
      return Fix.CACHE;
    }
    if (containsAny(f, "video", "player", "ruckelt", "buffering", "abspielen", "schwarzer bildschirm",
        "black screen", "browser", " ton ", "no sound")) {
      return Fix.BROWSER;
    }
    return null;
  }

  private static String steps(Fix fix, boolean de) {
    return switch (fix) {
      case PASSWORD -> de
          ? "So setzt du dein Passwort zurück:\n1. Auf der Anmeldeseite auf „Passwort vergessen?“ klicken.\n"
              + "2. Die E-Mail-Adresse deines Kontos eingeben.\n3. Den Link in der E-Mail innerhalb von "
              + "60 Minuten öffnen (auch im Spam-Ordner nachsehen) und ein neues Passwort wählen."
          : "Here's how to reset your password:\n1. Click \"Forgot password?\" on the login page.\n"
              + "2. Enter your account's email address.\n3. Open the link in the email within 60 minutes "
              + "(check your spam folder too) and choose a new password.";
      case CACHE -> de
          ? "Oft hilft es, den Browser-Cache zu leeren:\n1. Strg+Umschalt+Entf drücken (Mac: "
              + "Cmd+Umschalt+Entf).\n2. „Bilder und Dateien im Cache“ auswählen und löschen.\n"
              + "3. Die Seite neu laden und dich erneut anmelden."
          : "Clearing your browser cache often helps:\n1. Press Ctrl+Shift+Delete (Mac: "
              + "Cmd+Shift+Delete).\n2. Select \"Cached images and files\" and clear them.\n"
              + "3. Reload the page and log in again.";
      case BROWSER -> de
          ? "Ein kurzer Browser-Check:\n1. Verwende eine aktuelle Version von Chrome, Firefox, Safari "
              + "oder Edge.\n2. Schalte Werbeblocker für unsere Seite aus.\n3. Leere den Cache und "
              + "lade die Seite neu, oder probiere ein privates Fenster."
          : "A quick browser check:\n1. Use an up-to-date Chrome, Firefox, Safari or Edge.\n"
              + "2. Turn off ad blockers for our site.\n3. Clear the cache and reload the page, or try "
              + "a private window.";
    };
  }

  private static String question(@Nullable Fix fix, boolean de) {
    if (fix == Fix.PASSWORD) {
      return de ? "Kommt die E-Mail zum Zurücksetzen bei dir an, und welchen Browser verwendest du?"
          : "Does the reset email arrive, and which browser are you using?";
    }
    if (fix == null) {
      return de ? "Magst du mir kurz schreiben, ob dir das weiterhilft?"
          : "Could you let me know whether this helps?";
    }
    return de ? "Welchen Browser verwendest du, und auf welchem Gerät?"
        : "Which browser are you using, and on which device?";
  }

  static String fold(String text) {
    String s = text.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
        .replace("ß", "ss").replace('’', '\'');
    s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    return s.replaceAll("[^\\p{L}\\p{N}'?]+", " ").strip();
  }

  private static boolean containsAny(String text, String... needles) {
    for (String n : needles) {
      if (text.contains(n)) {
        return true;
      }
    }
    return false;
  }
}
