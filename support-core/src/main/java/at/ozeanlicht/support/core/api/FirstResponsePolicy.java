package at.ozeanlicht.support.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /** The workspace file with the AI settings. */
  public static final String FILE = "ai.yaml";

  /**
   * The policy of a workspace directory: {@code first_response} in {@code ai.yaml}
   * ({@code enabled}, default true; {@code min_category_confidence}, {@code min_article_score},
   * {@code max_articles}, each defaulting to {@link #defaults()}). Empty when the file or the
   * section is missing or {@code enabled: false}.
   *
   * @throws ValidationException naming each bad field (source {@code ai.yaml})
   */
  public static Optional<FirstResponsePolicy> load(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "", "is not valid YAML: "
          + e.getMessage().lines().findFirst().orElse(""))));
    }
    JsonNode fr = root == null ? null : root.get("first_response");
    if (fr == null || fr.isNull()) {
      return Optional.empty();
    }
    List<FieldProblem> problems = new ArrayList<>();
    if (!fr.isObject()) {
      throw new ValidationException(List.of(new FieldProblem(FILE, "first_response",
          "must be a mapping with enabled, min_category_confidence, min_article_score, max_articles")));
    }
    Set<String> known = Set.of("enabled", "min_category_confidence", "min_article_score", "max_articles");
    fr.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        problems.add(new FieldProblem(FILE, "first_response." + k, "unknown key, expected one of " + known.stream().sorted().toList()));
      }
    });
    JsonNode enabled = fr.get("enabled");
    if (enabled != null && !enabled.isBoolean()) {
      problems.add(new FieldProblem(FILE, "first_response.enabled", "must be true or false, was '" + enabled.asText() + "'"));
    }
    FirstResponsePolicy d = defaults();
    double confidence = number(fr, "min_category_confidence", d.minCategoryConfidence(), problems);
    double score = number(fr, "min_article_score", d.minArticleScore(), problems);
    double max = number(fr, "max_articles", d.maxArticles(), problems);
    if (problems.isEmpty()) {
      try {
        if (max != Math.rint(max)) {
          throw new IllegalArgumentException("maxArticles: must be a whole number, was " + max);
        }
        FirstResponsePolicy p = new FirstResponsePolicy(confidence, score, (int) max);
        return enabled != null && !enabled.asBoolean() ? Optional.empty() : Optional.of(p);
      } catch (IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        String field = m.startsWith("minCategoryConfidence") ? "min_category_confidence"
            : m.startsWith("minArticleScore") ? "min_article_score" : "max_articles";
        problems.add(new FieldProblem(FILE, "first_response." + field, m.substring(m.indexOf(':') + 1).strip()));
      }
    }
    throw new ValidationException(problems);
  }

  private static double number(JsonNode node, String key, double fallback, List<FieldProblem> problems) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isNumber()) {
      problems.add(new FieldProblem(FILE, "first_response." + key, "must be a number, was '" + v.asText() + "'"));
      return fallback;
    }
    return v.asDouble();
  }
}
