package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.KbGap;
import at.ozeanlicht.support.core.spi.KbHit;
import java.time.Instant;
import java.util.UUID;

/**
 * What the first response teaches the knowledge base: the articles it suggested ({@code
 * kb_suggestions}, context {@code first_response}) and, when the best article scored below the
 * threshold, the question as a gap ({@code kb_gaps}).
 */
final class KbLearning {
  private KbLearning() {}

  static void record(ConversationStore.Transaction tx, UUID conversationId, String question,
      FirstResponder.Reply reply, Instant now) {
    if (reply.kind() == FirstResponder.Kind.ANSWER) {
      for (KbHit h : reply.hits()) {
        tx.recordKbSuggestion(conversationId, h.articleId(), KbAssist.Context.FIRST_RESPONSE.wire(), h.score(), now);
      }
    }
    if (reply.gap()) {
      KbHit best = reply.best();
      tx.recordKbGap(new KbGap(conversationId, reply.language(), question,
          best == null ? null : best.articleId(), best == null ? null : best.score(), now));
    }
  }
}
