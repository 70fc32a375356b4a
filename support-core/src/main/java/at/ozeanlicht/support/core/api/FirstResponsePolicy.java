package at.ozeanlicht.support.core.api;

/**
 * When the engine's automatic first response may answer rather than only acknowledge. The
 * boundary guard ({@link at.ozeanlicht.support.core.routing.AiBoundaryGuard}) and the routing
 * decision's {@code aiAllowed} come first and cannot be loosened by any policy: refunds, personal
 * spiritual questions, complaints, VIP contacts and negative sentiment only ever get an honest
 * acknowledgment that a person will answer.
 *
 * @param minCategoryConfidence the analyzer's category confidence (0 to 1) needed to answer with
 *     articles; a recognized common issue (password reset, cache, browser check) answers regardless
 * @param minArticleScore the knowledge-base score an article needs to be suggested ({@code > 0};
 *     BM25, so it depends on the articles: about 3 means a real match on the reference workspace)
 * @param maxArticles articles suggested at most, 1 to 5
 */
public record FirstResponsePolicy(double minCategoryConfidence, double minArticleScore, int maxArticles) {
  /** Checks ranges. */
  public FirstResponsePolicy {
    if (!(minCategoryConfidence >= 0 && minCategoryConfidence <= 1)) {
      throw new IllegalArgumentException(
          "minCategoryConfidence: must be between 0 and 1, was " + minCategoryConfidence);
    }
    if (!(minArticleScore > 0) || Double.isInfinite(minArticleScore)) {
      throw new IllegalArgumentException("minArticleScore: must be positive, was " + minArticleScore);
    }
    if (maxArticles < 1 || maxArticles > 5) {
      throw new IllegalArgumentException("maxArticles: must be between 1 and 5, was " + maxArticles);
    }
  }

  /** Confidence 0.35, article score 3, three articles. */
  public static FirstResponsePolicy defaults() {
    return new FirstResponsePolicy(0.35, 3, 3);
  }
}
