package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.ai.Text.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ahocorasick.trie.PayloadTrie;
import org.jspecify.annotations.Nullable;

/**
 * Category and sensitive topics. Two voices: keyword patterns the project owns (precise, and the
 * safety net for sensitive topics), and a multinomial naive Bayes over word unigrams, bigrams and
 * 5-letter stems trained at construction from labelled examples. Immutable after construction.
 */
final class CategoryClassifier {
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

  /**
   * A keyword pattern: folded words; a trailing '*' matches any word that starts so, a leading
   * '*' any text that contains it. {@code needle} is what the folded message (words between
   * spaces) must contain; {@code category} indexes {@link #names}.
   */
  private record Pattern(String needle, int category) {}

  private final List<Pattern> patterns;
  /** Every pattern's needle, with the indexes of the patterns that have it. */
  private final PayloadTrie<int[]> needles;
  /** Patterns with an empty needle, which every text contains. */
  private final int[] everywhere;
  private final List<String> classes;
  /** Every category: the trained {@link #classes} first (same indexes), then keyword-only ones. */
  private final String[] names;
  /** Log-likelihoods of the three kinds of feature, split so that none is built to look it up. */
  private final Map<String, double[]> unigrams;
  /** 5-letter stems, by the stem (the feature is "~" and the stem). */
  private final Map<String, double[]> stems;
  /** Bigrams "a_b", by a then b. */
  private final Map<String, Map<String, double[]>> bigrams;
  /** The classes in the order a HashMap of their names iterates, the old tie-break. */
  private final int[] posteriorOrder;
  private final int[] sensitiveIndex;

  CategoryClassifier(List<Example> examples) {
    List<String[]> raw = new ArrayList<>();
    for (String line : Text.resourceLines("category-keywords.tsv")) {
      String[] parts = line.split("\t");
      if (parts.length != 2) {
        throw new IllegalStateException("category-keywords.tsv: expected 'category<TAB>pattern', was '" + line + "'");
      }
      raw.add(parts);
    }

    Set<String> cls = new LinkedHashSet<>();
    for (Example e : examples) {
      cls.add(e.category());
    }
    this.classes = List.copyOf(cls);
    List<String> all = new ArrayList<>(classes);
    List<Pattern> ps = new ArrayList<>();
    for (String[] parts : raw) {
      String pattern = parts[1].strip();
      boolean infix = pattern.startsWith("*");
      boolean prefix = pattern.endsWith("*");
      StringBuilder folded = new StringBuilder();
      for (Token t : Text.tokens(pattern.replace("*", ""))) {
        folded.append(folded.length() == 0 ? "" : " ").append(t.norm());
      }
      String text = folded.toString();
      String needle = infix ? text : prefix ? " " + text : " " + text + " ";
      String category = parts[0].strip();
      if (!all.contains(category)) {
        all.add(category);
      }
      ps.add(new Pattern(needle, all.indexOf(category)));
    }
    this.patterns = List.copyOf(ps);
    Map<String, List<Integer>> byNeedle = new LinkedHashMap<>();
    for (int i = 0; i < ps.size(); i++) {
      byNeedle.computeIfAbsent(ps.get(i).needle(), x -> new ArrayList<>()).add(i);
    }
    PayloadTrie.PayloadTrieBuilder<int[]> trie = PayloadTrie.builder();
    byNeedle.forEach((needle, ids) -> {
      if (!needle.isEmpty()) {
        trie.addKeyword(needle, ids.stream().mapToInt(Integer::intValue).toArray());
      }
    });
    this.needles = trie.build();
    this.everywhere = byNeedle.getOrDefault("", List.of()).stream().mapToInt(Integer::intValue).toArray();
    this.names = all.toArray(String[]::new);
    this.sensitiveIndex = SENSITIVE.stream().mapToInt(all::indexOf).toArray();

    int k = classes.size();
    Map<String, int[]> counts = new HashMap<>();
    int[] totals = new int[k];
    for (Example e : examples) {
      int c = classes.indexOf(e.category());
      for (String f : features(Text.tokens(e.text()))) {
        counts.computeIfAbsent(f, x -> new int[k])[c]++;
        totals[c]++;
      }
    }
    int vocabulary = counts.size() + 1;
    Map<String, double[]> uni = new HashMap<>();
    Map<String, double[]> stem = new HashMap<>();
    Map<String, Map<String, double[]>> bi = new HashMap<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      double[] v = new double[k];
      for (int c = 0; c < k; c++) {
        v[c] = Math.log((e.getValue()[c] + ALPHA) / (totals[c] + ALPHA * vocabulary));
      }
      String f = e.getKey();
      int join = f.indexOf('_'); // words have no '_' or '~' (they are letters, digits, apostrophes)
      if (f.startsWith("~")) {
        stem.put(f.substring(1), v);
      } else if (join >= 0) {
        bi.computeIfAbsent(f.substring(0, join), x -> new HashMap<>()).put(f.substring(join + 1), v);
      } else {
        uni.put(f, v);
      }
    }
    this.unigrams = Map.copyOf(uni);
    this.stems = Map.copyOf(stem);
    Map<String, Map<String, double[]>> frozen = new HashMap<>();
    bi.forEach((first, seconds) -> frozen.put(first, Map.copyOf(seconds)));
    this.bigrams = Map.copyOf(frozen);
    Map<String, Integer> order = new HashMap<>();
    for (int c = 0; c < k; c++) {
      order.put(classes.get(c), c);
    }
    this.posteriorOrder = order.values().stream().mapToInt(Integer::intValue).toArray();
  }

  Result classify(String raw, List<Token> tokens) {
    // Keyword voice.
    StringBuilder b = new StringBuilder(" ");
    for (Token t : tokens) {
      b.append(t.norm()).append(' ');
    }
    String text = b.toString();
    // One Aho–Corasick pass finds which patterns' needles the text contains.
    boolean[] matched = new boolean[patterns.size()];
    for (int i : everywhere) {
      matched[i] = true;
    }
    needles.parseText(text, emit -> {
      for (int i : emit.getPayload()) {
        matched[i] = true;
      }
      return true;
    });
    int[] hits = new int[names.length];
    int[] hitOrder = new int[names.length]; // categories in the order of their first hit
    int hitCount = 0;
    for (int i = 0; i < matched.length; i++) {
      int c = patterns.get(i).category();
      if (matched[i] && hits[c]++ == 0) {
        hitOrder[hitCount++] = c;
      }
    }
    // Model voice: posterior over the trained classes (uniform prior: example counts are ours).
    double[] posterior = posterior(tokens);
    int best = -1;
    double bestScore = 0;
    // Candidates: the hit categories, then the model's classes (each once).
    int candidates = hitCount + (posterior == null ? 0 : posteriorOrder.length);
    for (int i = 0; i < candidates; i++) {
      int c = i < hitCount ? hitOrder[i] : posteriorOrder[i - hitCount];
      if (i >= hitCount && hits[c] > 0) {
        continue;
      }
      double kw = Math.min(1.0, 0.6 * hits[c]);
      double nb = posterior == null || c >= posterior.length ? 0.0 : posterior[c];
      double score = hitCount == 0 ? nb : 0.6 * kw + 0.4 * nb;
      if (score > bestScore) {
        bestScore = score;
        best = c;
      }
    }
    String category = best < 0 ? null : names[best];
    if (category != null && bestScore < 0.35 && hits[best] == 0) {
      category = null;
    }
    if (category == null || QUESTION.equals(category)) {
      // General questions: no topic of their own, but worth telling apart from small talk.
      category = looksLikeQuestion(raw, tokens) ? QUESTION : null;
    }
    Set<String> sensitive = new TreeSet<>();
    for (int i : sensitiveIndex) {
      if (i >= 0 && (hits[i] > 0
          || posterior != null && i < posterior.length && posterior[i] >= SENSITIVE_NB
          || names[i].equals(category))) {
        sensitive.add(names[i]);
      }
    }
    double confidence = category == null ? 0 : Math.max(0, Math.min(1, bestScore));
    return new Result(category, sensitive, confidence);
  }

  /** Per class, its posterior probability; null when the model does not speak. */
  private double @Nullable [] posterior(List<Token> tokens) {
    int k = classes.size();
    if (k == 0) {
      return null;
    }
    double[] log = new double[k];
    int[] known = {0};
    // The features of features(tokens), in the same order, looked up without building them.
    words(tokens, (w, prev) -> {
      known[0] += add(log, unigrams.get(w));
      if (w.length() > 5) {
        known[0] += add(log, stems.get(w.substring(0, 5)));
      }
      if (prev != null) {
        Map<String, double[]> next = bigrams.get(prev);
        known[0] += next == null ? 0 : add(log, next.get(w));
      }
    });
    if (known[0] < MIN_EVIDENCE) {
      return null; // a greeting or two words: too little for the model to speak
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
      p[c] = p[c] / sum;
    }
    return p;
  }

  /** Adds a known feature's log-likelihoods (unseen words carry no evidence); 1 if known. */
  private static int add(double[] log, double @Nullable [] v) {
    if (v == null) {
      return 0;
    }
    for (int c = 0; c < log.length; c++) {
      log[c] += v[c];
    }
    return 1;
  }

  /** The model's features: each word, its 5-letter stem "~stem" and the bigram "prev_word". */
  static List<String> features(List<Token> tokens) {
    List<String> out = new ArrayList<>();
    words(tokens, (w, prev) -> {
      out.add(w);
      if (w.length() > 5) {
        out.add("~" + w.substring(0, 5));
      }
      if (prev != null) {
        out.add(prev + "_" + w);
      }
    });
    return out;
  }

  /** Receives the model's words in order, each with the word before it (null after a stop word). */
  private interface WordSink {
    void word(String word, @Nullable String prev);
  }

  /** The words the model sees: stretched spellings cut to two letters, stop words left out. */
  private static void words(List<Token> tokens, WordSink sink) {
    String prev = null;
    for (Token t : tokens) {
      String w = Text.hasRun(t.norm()) ? Text.squash(t.norm(), 2) : t.norm();
      if (STOP.contains(w)) {
        prev = null;
        continue;
      }
      sink.word(w, prev);
      prev = w;
    }
  }

  private static boolean looksLikeQuestion(String raw, List<Token> tokens) {
    if (raw.indexOf('?') >= 0) {
      return true;
    }
    return !tokens.isEmpty() && QUESTION_WORDS.contains(tokens.get(0).norm()) && tokens.size() >= 3;
  }

  /** One labelled example: a category and a message. */
  record Example(String category, String text) {}

  static List<Example> parseExamples(List<String> lines, String source) {
    List<Example> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      int tab = line.indexOf('\t');
      if (tab <= 0 || line.substring(tab + 1).isBlank()) {
        throw new IllegalArgumentException(source + ": example " + n
            + ": expected 'category<TAB>message', was '" + abbreviate(line) + "'");
      }
      String category = line.substring(0, tab).strip();
      if (!category.matches("[a-z][a-z0-9-]*")) {
        throw new IllegalArgumentException(source + ": example " + n
            + ": category must be lower-case letters, digits and '-', was '" + abbreviate(category) + "'");
      }
      out.add(new Example(category, line.substring(tab + 1).strip()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(source + ": no examples");
    }
    return out;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
