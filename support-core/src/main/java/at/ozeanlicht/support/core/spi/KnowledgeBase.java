package at.ozeanlicht.support.core.spi;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Port: full-text search over a workspace's knowledge-base articles. The Lucene implementation
 * lives in {@code support-ai} ({@code LuceneKnowledgeBase}). Implementations are immutable,
 * thread-safe, in-process and fast enough to call inside message receipt.
 */
public interface KnowledgeBase {
  /**
   * Searches the articles.
   *
   * @param query free text as a customer would type it; blank gives no hits
   * @param language the preferred language (ISO 639-1); its articles come first, then, when they
   *     are fewer than {@code limit}, articles in other languages as fallback hits. Null searches
   *     every language.
   * @param limit 1 to 100
   * @return at most {@code limit} hits, best first
   * @throws IllegalArgumentException if {@code limit} is out of range
   */
  List<KbHit> search(String query, @Nullable String language, int limit);

  /** The article with {@code id}, if there is one. */
  Optional<KbArticle> article(String id);

  /** Number of articles. */
  int size();
}
