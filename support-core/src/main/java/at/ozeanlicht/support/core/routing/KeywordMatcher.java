package at.ozeanlicht.support.core.routing;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ahocorasick.trie.PayloadTrie;

/**
 * All keywords of a workspace in one Aho–Corasick automaton, so the cost of matching grows with the
 * length of the message, not with the number of keywords. Each distinct keyword gets an id; a scan
 * returns the ids found. A keyword is one or more words; {@code *} at its start or end lets it
 * match inside a longer word (compounds: {@code rechnung*} finds {@code Rechnungsadresse}).
 *
 * <p>A message is matched word by word: what the automaton finds in one word's three views
 * ({@code " word | german-stem | english-stem "}) depends on that word alone, so it is computed
 * once per distinct word and kept in a bounded cache (messages repeat most of their vocabulary).
 * Only phrases (patterns of several words) span words; the automaton scans, per view, just the
 * stretches of two or more words in which each word and the next follow each other in some phrase. Together that finds
 * exactly what a scan of the full three views finds ({@link #matchFull}, checked by tests).
 *
 * <p>Immutable (but for the cache) and thread-safe once built.
 */
final class KeywordMatcher {
  /** Distinct words cached at most; the cache starts over when full. */
  private static final int CACHE_LIMIT = 50_000;

  private final PayloadTrie<int[]> trie;
  private final List<String> keywords;
  /** The words of the patterns of more than one word (phrases match whole words only), by id. */
  private final Map<String, Integer> phraseWords;
  /** Pairs of phrase word ids that follow each other in a phrase, as {@link #pair} keys. */
  private final Set<Long> phrasePairs;
  private final Map<String, Word> cache = new ConcurrentHashMap<>();

  /**
   * One folded word: its three views (folded, German stem, English stem), the ids found within
   * its own views, and per view its phrase word id (-1 when it is in no phrase).
   */
  private record Word(String[] views, int[] ids, int[] phraseIds, boolean inPhrase) {}

  private KeywordMatcher(PayloadTrie<int[]> trie, List<String> keywords, Map<String, Integer> phraseWords,
      Set<Long> phrasePairs) {
    this.trie = trie;
    this.keywords = List.copyOf(keywords);
    this.phraseWords = Map.copyOf(phraseWords);
    this.phrasePairs = new HashSet<>(phrasePairs);
  }

  /** The keyword with this id, as written. */
  String keyword(int id) {
    return keywords.get(id);
  }

  int size() {
    return keywords.size();
  }

  /** The ids of the keywords found in {@code words} (folded words of a message). */
  BitSet match(List<String> words) {
    BitSet found = new BitSet(keywords.size());
    int n = words.size();
    Word[] info = new Word[n];
    boolean pairs = false;
    for (int i = 0; i < n; i++) {
      Word w = word(words.get(i));
      info[i] = w;
      for (int id : w.ids()) {
        found.set(id);
      }
      pairs |= i > 0 && w.inPhrase() && info[i - 1].inPhrase();
    }
    if (pairs) {
      for (int view = 0; view < 3; view++) {
        scanPhraseStretches(info, view, found);
      }
    }
    return found;
  }

  /**
   * Scans, in one view, each stretch of words in which every word and the next follow each other
   * in some phrase: a phrase can only match within such a stretch.
   */
  private void scanPhraseStretches(Word[] info, int view, BitSet found) {
    int start = 0;
    for (int i = 1; i <= info.length; i++) {
      boolean linked = i < info.length && follows(info[i - 1].phraseIds()[view], info[i].phraseIds()[view]);
      if (!linked) {
        if (i - start > 1) {
          StringBuilder sb = new StringBuilder(" ");
          for (int j = start; j < i; j++) {
            sb.append(info[j].views()[view]).append(' ');
          }
          scan(sb.toString(), found);
        }
        start = i;
      }
    }
  }

  private boolean follows(int first, int second) {
    return first >= 0 && second >= 0 && phrasePairs.contains(pair(first, second));
  }

  /**
   * The key of a pair of word ids: both ids in one long, multiplied by an odd constant (a
   * bijection) so that the hash codes of nearby pairs differ.
   */
  static long pair(int first, int second) {
    return (((long) first << 32) | second) * 0x9E3779B97F4A7C15L;
  }

  private Word word(String w) {
    Word known = cache.get(w);
    if (known != null) {
      return known;
    }
    String[] views = {w, TextNormalizer.germanStem(w), TextNormalizer.englishStem(w)};
    int[] phrase = new int[3];
    boolean inPhrase = false;
    for (int v = 0; v < 3; v++) {
      phrase[v] = phraseWords.getOrDefault(views[v], -1);
      inPhrase |= phrase[v] >= 0;
    }
    char section = TextNormalizer.SECTION;
    BitSet ids = new BitSet();
    scan(" " + views[0] + " " + section + " " + views[1] + " " + section + " " + views[2] + " ", ids);
    Word made = new Word(views, ids.stream().toArray(), phrase, inPhrase);
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(w, made);
    return made;
  }

  /** {@link #match} over the full three views (the reference the short scan text must agree with). */
  BitSet matchFull(List<String> words) {
    BitSet found = new BitSet(keywords.size());
    if (!words.isEmpty()) {
      scan(TextNormalizer.fullScanText(words), found);
    }
    return found;
  }

  private void scan(String text, BitSet found) {
    trie.parseText(text, emit -> {
      for (int id : emit.getPayload()) {
        found.set(id);
      }
      return true;
    });
  }

  /** Why {@code keyword} cannot be a keyword, or empty if it can. */
  static Optional<String> problem(String keyword) {
    String core = keyword.strip();
    boolean prefix = core.endsWith("*");
    boolean suffix = core.startsWith("*");
    core = core.replaceAll("^\\*|\\*$", "");
    if (core.contains("*")) {
      return Optional.of("'*' is allowed only at the start or end of a keyword, was '" + keyword + "'");
    }
    List<String> words = TextNormalizer.words(core);
    if (words.isEmpty()) {
      return Optional.of("must contain a letter or digit, was '" + keyword + "'");
    }
    if ((prefix || suffix) && words.size() > 1) {
      return Optional.of("'*' is allowed on single-word keywords only, was '" + keyword + "'");
    }
    if ((prefix || suffix) && words.get(0).length() < 3) {
      return Optional.of("a keyword with '*' needs at least 3 letters, was '" + keyword + "'");
    }
    return Optional.empty();
  }

  /** Collects keywords, then builds the automaton. Not thread-safe. */
  static final class Builder {
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    /** The id of {@code keyword} (valid per {@link #problem}), adding it if new. */
    int add(String keyword) {
      String key = keyword.strip();
      return ids.computeIfAbsent(key, k -> ids.size());
    }

    KeywordMatcher build() {
      Map<String, List<Integer>> patterns = new HashMap<>();
      for (Map.Entry<String, Integer> e : ids.entrySet()) {
        for (String p : patterns(e.getKey())) {
          patterns.computeIfAbsent(p, x -> new ArrayList<>()).add(e.getValue());
        }
      }
      PayloadTrie.PayloadTrieBuilder<int[]> b = PayloadTrie.builder();
      patterns.forEach((p, list) -> b.addKeyword(p, list.stream().mapToInt(Integer::intValue).distinct().toArray()));
      Map<String, Integer> phraseWords = new HashMap<>();
      Set<Long> pairs = new HashSet<>();
      for (String p : patterns.keySet()) {
        List<String> words = TextNormalizer.words(p);
        for (int i = 1; i < words.size(); i++) {
          int first = phraseWords.computeIfAbsent(words.get(i - 1), w -> phraseWords.size());
          int second = phraseWords.computeIfAbsent(words.get(i), w -> phraseWords.size());
          pairs.add(pair(first, second));
        }
      }
      return new KeywordMatcher(b.build(), new ArrayList<>(ids.keySet()), phraseWords, pairs);
    }

    /** The strings to look for in a scan text for one keyword. */
    private static List<String> patterns(String keyword) {
      boolean prefix = keyword.endsWith("*");
      boolean suffix = keyword.startsWith("*");
      List<String> words = TextNormalizer.words(keyword.replace("*", ""));
      List<String> out = new ArrayList<>();
      if (prefix || suffix) {
        // Matched against the folded words, inside compounds; the stems are only prefixes anyway.
        String w = words.get(0);
        out.add((suffix ? "" : " ") + w + (prefix ? "" : " "));
        return out;
      }
      out.add(frame(words));
      List<String> german = words.stream().map(TextNormalizer::germanStem).toList();
      List<String> english = words.stream().map(TextNormalizer::englishStem).toList();
      if (distinctive(words, german)) {
        out.add(frame(german));
      }
      if (distinctive(words, english)) {
        out.add(frame(english));
      }
      return out.stream().distinct().toList();
    }

    /**
     * Whether stems are safe to look for: a stem shorter than five letters is too likely another
     * word of the other language ("died" stems to "die", a German article).
     */
    private static boolean distinctive(List<String> words, List<String> stems) {
      for (int i = 0; i < words.size(); i++) {
        if (!stems.get(i).equals(words.get(i)) && stems.get(i).length() < 5) {
          return false;
        }
      }
      return true;
    }

    private static String frame(List<String> words) {
      return " " + String.join(" ", words) + " ";
    }
  }
}
