package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.MessageKind;
import at.ozeanlicht.support.core.domain.SenderType;
import at.ozeanlicht.support.core.routing.AiBoundaryGuard;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbDeflection;
import at.ozeanlicht.support.core.spi.KbGap;
import at.ozeanlicht.support.core.spi.KbHit;
import at.ozeanlicht.support.core.spi.KnowledgeBase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Knowledge-base suggestions for customer-facing widgets, and what the knowledge base learned
 * (issue 7). Reached through {@link SupportEngine#kb()}:
 *
 * <ul>
 *   <li>{@link #beforeSend}: "Looking for help with…?" for the text a customer is typing;
 *   <li>{@link #whileWaiting}: "While you wait, this might help" for an open conversation;
 *   <li>{@link #preview}: an article as an in-chat card (title, snippet, link);
 *   <li>{@link #deflections} and {@link #gaps}: articles suggested before conversations resolved
 *       without a human, and questions without a good article, for reports.
 * </ul>
 *
 * <p>Every suggestion made in a conversation is recorded ({@code kb_suggestions}) with its context.
 * The boundary guard applies: a text with a refund, personal spiritual question, complaint or
 * negative tone, a VIP contact or a conversation routing kept from AI gets no suggestions. Without
 * a knowledge base the suggestions are empty. Thread-safe.
 */
public final class KbAssist {
  /** Where a suggestion was shown (the {@code context} column of {@code kb_suggestions}). */
  public enum Context {
    /** While the customer types, before sending. */
    BEFORE_SEND,
    /** While the customer waits for an answer. */
    WHILE_WAITING,
    /** An article shown as a card in the chat. */
    PREVIEW,
    /** In the automatic first response. */
    FIRST_RESPONSE;

    /** The stored name, e.g. {@code before_send}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One suggested article as a widget shows it.
   *
   * @param articleId the article's id
   * @param title its title
   * @param snippet the start of its text, plain, at most about 160 characters
   * @param link where the full article is: the link base plus the id
   * @param language the article's language
   * @param score the search score (0 for a preview, which is not ranked)
   */
  public record Suggestion(String articleId, String title, String snippet, String link, String language,
      double score) {}

  /**
   * Suggestions with the heading to show above them, in the customer's language.
   *
   * @param context where they are shown
   * @param heading e.g. "Looking for help with…?" or "While you wait, this might help"
   * @param articles best first; empty when nothing fits or the guard forbids
   */
  public record Suggestions(Context context, String heading, List<Suggestion> articles) {
    /** Copies the list. */
    public Suggestions {
      articles = List.copyOf(articles);
    }
  }

  private final ConversationStore store;
  private final @Nullable KnowledgeBase kb;
  private final FirstResponsePolicy policy;
  private final String defaultLanguage;
  private final Clock clock;
  private final String linkBase;

  KbAssist(ConversationStore store, @Nullable KnowledgeBase kb, FirstResponsePolicy policy,
      String defaultLanguage, Clock clock, String linkBase) {
    this.store = store;
    this.kb = kb;
    this.policy = policy;
    this.defaultLanguage = defaultLanguage;
    this.clock = clock;
    this.linkBase = linkBase;
  }

  /**
   * The same, with article links {@code linkBase + id} (e.g. {@code https://example.org/help/});
   * the default base is {@code kb/}.
   */
  public KbAssist withLinkBase(String linkBase) {
    Objects.requireNonNull(linkBase, "linkBase");
    return new KbAssist(store, kb, policy, defaultLanguage, clock, linkBase);
  }

  /**
   * "Looking for help with…?": articles for a text the customer has not sent yet.
   *
   * @param conversationId the conversation the customer writes in, or null before there is one
   *     (then nothing is recorded)
   * @param draft the text typed so far
   * @param language the customer's language, or null for the contact's or the workspace default
   * @throws NotFoundException if {@code conversationId} is given and unknown
   */
  public Suggestions beforeSend(@Nullable UUID conversationId, String draft, @Nullable String language) {
    Objects.requireNonNull(draft, "draft");
    return store.inTransaction(tx -> {
      Facts f = conversationId == null ? new Facts(false, null, true) : facts(tx, conversationId);
      String lang = language != null ? language : f.language() != null ? f.language() : defaultLanguage;
      return suggest(tx, conversationId, Context.BEFORE_SEND, draft, lang, f);
    });
  }

  /**
   * "While you wait, this might help": articles for what the customer wrote in a conversation
   * (the last three customer messages).
   *
   * @throws NotFoundException if the conversation is unknown
   */
  public Suggestions whileWaiting(UUID conversationId) {
    Objects.requireNonNull(conversationId, "conversationId");
    return store.inTransaction(tx -> {
      Facts f = facts(tx, conversationId);
      List<Message> incoming = tx.messages(conversationId).stream()
          .filter(m -> m.kind() == MessageKind.INCOMING && m.sender().type() == SenderType.CONTACT).toList();
      StringBuilder text = new StringBuilder();
      for (Message m : incoming.subList(Math.max(0, incoming.size() - 3), incoming.size())) {
        text.append(m.body()).append('\n');
      }
      String lang = f.language() != null ? f.language() : defaultLanguage;
      return suggest(tx, conversationId, Context.WHILE_WAITING, text.toString(), lang, f);
    });
  }

  /**
   * An article as an in-chat preview card, recorded as shown in the conversation.
   *
   * @return empty when there is no such article (or no knowledge base)
   * @throws NotFoundException if the conversation is unknown
   */
  public Optional<Suggestion> preview(UUID conversationId, String articleId) {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(articleId, "articleId");
    Optional<KbArticle> article = kb == null ? Optional.empty() : kb.article(articleId);
    return store.inTransaction(tx -> {
      facts(tx, conversationId);
      if (article.isEmpty()) {
        return Optional.empty();
      }
      KbArticle a = article.get();
      tx.recordKbSuggestion(conversationId, a.id(), Context.PREVIEW.wire(), 0, clock.instant());
      return Optional.of(new Suggestion(a.id(), a.title(), snippet(a.body()), linkBase + a.id(), a.language(), 0));
    });
  }

  /**
   * Articles suggested (in any context) before conversations resolved within {@code [from, to)}
   * with no agent message: the knowledge base's part in deflection, most conversations first.
   */
  public List<KbDeflection> deflections(Instant from, Instant to) {
    checkPeriod(from, to);
    return store.inTransaction(tx -> tx.kbDeflections(from, to));
  }

  /**
   * Questions of {@code [from, to)} for which the best article scored below the workspace
   * threshold (recorded by the first response), newest first: candidates for new articles.
   *
   * @param limit 1 to 1000
   */
  public List<KbGap> gaps(Instant from, Instant to, int limit) {
    checkPeriod(from, to);
    if (limit < 1 || limit > 1000) {
      throw ValidationException.of("limit", "must be between 1 and 1000, was " + limit);
    }
    return store.inTransaction(tx -> tx.kbGaps(from, to, limit));
  }

  /** What the guard needs about a conversation, and the contact's language. */
  private record Facts(boolean vip, @Nullable String language, boolean aiAllowed) {}

  private static Facts facts(ConversationStore.Transaction tx, UUID conversationId) {
    Conversation c = tx.conversation(conversationId, false)
        .orElseThrow(() -> new NotFoundException("conversation: no conversation " + conversationId));
    Contact contact = c.contactId() == null ? null : tx.contact(c.contactId()).orElse(null);
    return new Facts(contact != null && contact.vip(), contact == null ? null : contact.language(),
        tx.routingAiAllowed(conversationId).orElse(true));
  }

  private Suggestions suggest(ConversationStore.Transaction tx, @Nullable UUID conversationId, Context context,
      String text, String language, Facts f) {
    String heading = heading(context, language);
    if (kb == null || text.isBlank() || !f.aiAllowed()
        || !AiBoundaryGuard.standard().check(text, f.vip(), null).isEmpty()) {
      return new Suggestions(context, heading, List.of());
    }
    Instant now = clock.instant();
    List<Suggestion> out = new ArrayList<>();
    for (KbHit h : kb.search(text, language, policy.maxArticles())) {
      if (h.score() < policy.minArticleScore()) {
        continue;
      }
      String body = kb.article(h.articleId()).map(KbArticle::body).orElse("");
      out.add(new Suggestion(h.articleId(), h.title(), snippet(body), linkBase + h.articleId(), h.language(),
          h.score()));
      if (conversationId != null) {
        tx.recordKbSuggestion(conversationId, h.articleId(), context.wire(), h.score(), now);
      }
    }
    return new Suggestions(context, heading, out);
  }

  private static String heading(Context context, String language) {
    boolean de = language.equals("de");
    return switch (context) {
      case BEFORE_SEND -> de ? "Suchst du Hilfe zu…?" : "Looking for help with…?";
      case WHILE_WAITING -> de ? "Während du wartest, hilft dir vielleicht das" : "While you wait, this might help";
      case PREVIEW, FIRST_RESPONSE -> de ? "Dieser Artikel hilft vielleicht" : "This article might help";
    };
  }

  /** The start of a Markdown body as plain text, cut at a word near 160 characters. */
  static String snippet(String markdown) {
    StringBuilder sb = new StringBuilder();
    for (String line : markdown.lines().toList()) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith("---")) {
        continue;
      }
      sb.append(l.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replaceAll("[*_`>]+", "")
          .replaceAll("^([-+]|\\d+\\.)\\s+", "")).append(' ');
      if (sb.length() > 200) {
        break;
      }
    }
    String s = sb.toString().replaceAll("\\s+", " ").strip();
    if (s.length() <= 160) {
      return s;
    }
    int cut = s.lastIndexOf(' ', 160);
    return s.substring(0, cut > 80 ? cut : 160) + "…";
  }

  private static void checkPeriod(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw ValidationException.of("to", "must be after from (" + from + "), was " + to);
    }
  }
}
