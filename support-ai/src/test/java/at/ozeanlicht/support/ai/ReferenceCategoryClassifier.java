/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.ai.ReferenceText.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Category and sensitive topics. Two voices: keyword patterns the project owns (precise, and the
 * safety net for sensitive topics), and a multinomial naive Bayes over word unigrams, bigrams and
 * 5-letter stems trained at construction from labelled examples. Immutable after construction.
 */
final class ReferenceCategoryClassifier {
  static final Set<String> SENSITIVE = Set.of("refund", "spiritual-personal", "complaint");
  static final String QUESTION = "question";
  private static final double ALPHA = 0.5;
  private static final double SENSITIVE_NB = 0.4;
  private static final int MIN_EVIDENCE = 3;
  private static final Set<String> STOP = Set.of("der", "die", "das", "und", "ich", "ist", "ein",
      "eine", "einen", "the", "a", "an", "and", "i", "is", "to", "it", "of", "mit", "zu", "in",
      "im", "den", "dem", "es", "my", "mein", "meine", "you", "ihr", "sie", "wir", "we", "for",
      "fuer", "on", "auf", "hallo", "hi", "hello", "liebe", "lieber", "lg", "bitte", "please");
  private static final Set<String> QUESTION_WORDS = Set.of("wie", "wann", "wo", "was", "warum",
      "wieso", "welche", "welcher", "welches", "gibt", "kann", "koennt", "how", "when", "where",
      "what", "why", "which", "is", "are", "can", "could", "do", "does");

  record Result(@Nullable String category, Set<String> sensitive, double confidence) {}

  /** A keyword pattern: folded words; a trailing '*' matches any word that starts so. */
  private record Pattern(String category, String text, boolean prefix, boolean infix) {}

  private final List<Pattern> patterns;
  private final List<String> classes;
  private final Map<String, double[]> logLikelihood;
  private final double[] unseen;

  ReferenceCategoryClassifier(List<CategoryClassifier.Example> examples) {
    List<Pattern> ps = new ArrayList<>();
    for (String line : Text.resourceLines("category-keywords.tsv")) {
      String[] parts = line.split("\t");
      if (parts.length != 2) {
        throw new IllegalStateException("category-keywords.tsv: expected 'category<TAB>pattern', was '" + line + "'");
      }
      String raw = parts[1].strip();
      boolean infix = raw.startsWith("*");
      boolean prefix = raw.endsWith("*");
      String body = raw.replace("*", "");
      StringBuilder folded = new StringBuilder();
      for (Token t : ReferenceText.tokens(body)) {
        folded.append(folded.length() == 0 ? "" : " ").append(t.norm());
      }
      ps.add(new Pattern(parts[0].strip(), folded.toString(), prefix, infix));
    }
    this.patterns = List.copyOf(ps);

    Set<String> cls = new LinkedHashSet<>();
    for (CategoryClassifier.Example e : examples) {
      cls.add(e.category());
    }
    this.classes = List.copyOf(cls);
    int k = classes.size();
    Map<String, int[]> counts = new HashMap<>();
    int[] totals = new int[k];
    for (CategoryClassifier.Example e : examples) {
      int c = classes.indexOf(e.category());
      for (String f : features(ReferenceText.tokens(e.text()))) {
        counts.computeIfAbsent(f, x -> new int[k])[c]++;
        totals[c]++;
      }
    }
    int vocabulary = counts.size() + 1;
    Map<String, double[]> ll = new HashMap<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      double[] v = new double[k];
      for (int c = 0; c < k; c++) {
        v[c] = Math.log((e.getValue()[c] + ALPHA) / (totals[c] + ALPHA * vocabulary));
      }
      ll.put(e.getKey(), v);
    }
    this.logLikelihood = Map.copyOf(ll);
    this.unseen = new double[k];
    for (int c = 0; c < k; c++) {
      unseen[c] = Math.log(ALPHA / (totals[c] + ALPHA * vocabulary));
    }
  }

  Result classify(String raw, List<Token> tokens) {
    // Keyword voice.
    StringBuilder b = new StringBuilder(" ");
    for (Token t : tokens) {
      b.append(t.norm()).append(' ');
    }
    String text = b.toString();
    Map<String, Integer> hits = new LinkedHashMap<>();
    for (Pattern p : patterns) {
      boolean match;
      if (p.infix()) {
        match = text.contains(p.text());
      } else if (p.prefix()) {
        match = text.contains(" " + p.text());
      } else {
        match = text.contains(" " + p.text() + " ");
      }
      if (match) {
        hits.merge(p.category(), 1, Integer::sum);
      }
    }
    // Model voice: posterior over the trained classes (uniform prior: example counts are ours).
    Map<String, Double> posterior = posterior(tokens);
    Set<String> candidates = new LinkedHashSet<>(hits.keySet());
    candidates.addAll(posterior.keySet());
    String best = null;
    double bestScore = 0;
    for (String c : candidates) {
      double kw = Math.min(1.0, 0.6 * hits.getOrDefault(c, 0));
      double nb = posterior.getOrDefault(c, 0.0);
      double score = hits.isEmpty() ? nb : 0.6 * kw + 0.4 * nb;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best != null && bestScore < 0.35 && !hits.containsKey(best)) {
      best = null;
    }
    if (best == null || QUESTION.equals(best)) {
      // General questions: no topic of their own, but worth telling apart from small talk.
      best = looksLikeQuestion(raw, tokens) ? QUESTION : null;
    }
    Set<String> sensitive = new TreeSet<>();
    for (String s : SENSITIVE) {
      if (hits.containsKey(s) || posterior.getOrDefault(s, 0.0) >= SENSITIVE_NB || s.equals(best)) {
        sensitive.add(s);
      }
    }
    double confidence = best == null ? 0 : Math.max(0, Math.min(1, bestScore));
    return new Result(best, sensitive, confidence);
  }

  private Map<String, Double> posterior(List<Token> tokens) {
    int k = classes.size();
    Map<String, Double> out = new HashMap<>();
    if (k == 0) {
      return out;
    }
    double[] log = new double[k];
    int known = 0;
    for (String f : features(tokens)) {
      double[] v = logLikelihood.get(f);
      if (v == null) {
        continue; // unseen words carry no evidence for any class
      }
      known++;
      for (int c = 0; c < k; c++) {
        log[c] += v[c];
      }
    }
    if (known < MIN_EVIDENCE) {
      return out; // a greeting or two words: too little for the model to speak
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double l : log) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[k];
    for (int c = 0; c < k; c++) {
      p[c] = Math.exp(log[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < k; c++) {
      out.put(classes.get(c), p[c] / sum);
    }
    return out;
  }

  static List<String> features(List<Token> tokens) {
    List<String> out = new ArrayList<>();
    String prev = null;
    for (Token t : tokens) {
      String w = Text.hasRun(t.norm()) ? Text.squash(t.norm(), 2) : t.norm();
      if (STOP.contains(w)) {
        prev = null;
        continue;
      }
      out.add(w);
      if (w.length() > 5) {
        out.add("~" + w.substring(0, 5));
      }
      if (prev != null) {
        out.add(prev + "_" + w);
      }
      prev = w;
    }
    return out;
  }

  private static boolean looksLikeQuestion(String raw, List<Token> tokens) {
    if (raw.indexOf('?') >= 0) {
      return true;
    }
    return !tokens.isEmpty() && QUESTION_WORDS.contains(tokens.get(0).norm()) && tokens.size() >= 3;
  }
}
