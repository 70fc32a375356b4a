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
  /**
   * Slots of the word cache (a power of two): each distinct word has one slot by its hash, and a
   * word whose slot is taken replaces the word there (bounded, and no clearing when full).
   */
  private static final int CACHE_SLOTS = 1 << 15;

  private final PayloadTrie<int[]> trie;
  private final List<String> keywords;
  /** The words of the patterns of more than one word (phrases match whole words only), by id. */
  private final Map<String, Integer> phraseWords;
  /** Pairs of phrase word ids that follow each other in a phrase, as {@link #pair} keys, sorted. */
  private final long[] phrasePairs;
  /**
   * What the automaton finds in a stretch's scan text, by hash slot like the word cache (a scan
   * is a function of its text alone, and messages repeat their phrases too).
   */
  private final Stretch[] stretches = new Stretch[CACHE_SLOTS];

  /** A phrase stretch's scan text and the ids found in it. */
  private record Stretch(String text, int[] ids) {}
  /**
   * The word cache by hash slot. Entries are immutable (final fields), so a slot read without a
   * lock sees either null or a complete entry; a lost race just computes a word twice.
   */
  private final Word[] cache = new Word[CACHE_SLOTS];

  /**
   * One folded word: its three views (folded, German stem, English stem), the ids found within
   * its own views, per view its phrase word id (-1 when it is in no phrase), and what the fallback
   * analysis reads from it ({@link #GERMAN}, {@link #ENGLISH}, {@link #ASKS}).
   */
  private record Word(String[] views, int[] ids, int[] phraseIds, boolean inPhrase, int flags) {
    /** Whether this is the word in {@code chars[0, length)}. */
    boolean is(char[] chars, int length) {
      String w = views[0];
      if (w.length() != length) {
        return false;
      }
      for (int i = 0; i < length; i++) {
        if (w.charAt(i) != chars[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** A common German word ({@link FallbackAnalysis}). */
  private static final int GERMAN = 1;
  /** A common English word. */
  private static final int ENGLISH = 2;
  /** A message starting with the word asks something ({@link Condition.Question}). */
  private static final int ASKS = 4;

  /**
   * What a scan of one message found: the keyword ids, and the word counts the fallback analysis
   * needs. Reusable: each {@link #scan} starts it over, so a thread can keep one.
   */
  static final class Scan extends TextNormalizer.WordSink {
    /** The ids of the keywords found. */
    final BitSet found = new BitSet();
    /** How many words the message has, how many are common German and English words. */
    int words;
    int german;
    int english;
    /** Whether the first word is a question word. */
    boolean firstAsks;
    private Word[] info = new Word[32];
    /** A phrase stretch's scan text (reused). */
    private final StringBuilder text = new StringBuilder(64);
    private boolean pairs;
    private @org.jspecify.annotations.Nullable KeywordMatcher matcher;

    private void start(KeywordMatcher m) {
      matcher = m;
      found.clear();
      words = 0;
      german = 0;
      english = 0;
      firstAsks = false;
      pairs = false;
    }

    @Override
    void word(int length, int hash) {
      add(matcher.lookup(chars, length, hash));
    }

    @Override
    void restart() {
      start(matcher);
    }

    private void add(Word w) {
      if (words == info.length) {
        info = java.util.Arrays.copyOf(info, words * 2);
      }
      info[words] = w;
      for (int id : w.ids()) {
        found.set(id);
      }
      pairs |= words > 0 && w.inPhrase() && info[words - 1].inPhrase();
      if (words == 0) {
        firstAsks = (w.flags() & ASKS) != 0;
      }
      german += w.flags() & GERMAN;
      english += (w.flags() & ENGLISH) >> 1;
      words++;
    }

    private void finish() {
      if (pairs) {
        for (int view = 0; view < 3; view++) {
          matcher.scanPhraseStretches(info, words, view, found, text);
        }
      }
      // Drop the words: the cache may replace them, they should not stay reachable from here.
      java.util.Arrays.fill(info, 0, words, null);
    }
  }

  private KeywordMatcher(PayloadTrie<int[]> trie, List<String> keywords, Map<String, Integer> phraseWords,
      Set<Long> phrasePairs) {
    this.trie = trie;
    this.keywords = List.copyOf(keywords);
    this.phraseWords = Map.copyOf(phraseWords);
    this.phrasePairs = phrasePairs.stream().mapToLong(Long::longValue).sorted().toArray();
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
    Scan s = new Scan();
    s.start(this);
    for (String w : words) {
      s.add(lookup(w));
    }
    s.finish();
    return s.found;
  }

  /**
   * Scans a message's text ({@link TextNormalizer#words} of it) into {@code into}, which it
   * starts over: the keywords found are those of {@link #match}.
   */
  Scan scan(String text, Scan into) {
    into.start(this);
    TextNormalizer.words(text, into);
    into.finish();
    return into;
  }

  /**
   * Scans, in one view, each stretch of words in which every word and the next follow each other
   * in some phrase: a phrase can only match within such a stretch.
   */
  private void scanPhraseStretches(Word[] info, int n, int view, BitSet found, StringBuilder sb) {
    int start = 0;
    for (int i = 1; i <= n; i++) {
      boolean linked = i < n && follows(info[i - 1].phraseIds()[view], info[i].phraseIds()[view]);
      if (!linked) {
        if (i - start > 1) {
          sb.setLength(0);
          sb.append(' ');
          for (int j = start; j < i; j++) {
            sb.append(info[j].views()[view]).append(' ');
          }
          for (int id : stretch(sb)) {
            found.set(id);
          }
        }
        start = i;
      }
    }
  }

  private boolean follows(int first, int second) {
    return first >= 0 && second >= 0 && java.util.Arrays.binarySearch(phrasePairs, pair(first, second)) >= 0;
  }

  /** The ids the automaton finds in {@code text}, from the stretch cache if scanned before. */
  private int[] stretch(StringBuilder text) {
    int hash = 0;
    for (int i = 0; i < text.length(); i++) {
      hash = 31 * hash + text.charAt(i);
    }
    int slot = slot(hash);
    Stretch known = stretches[slot];
    if (known != null && known.text().contentEquals(text)) {
      return known.ids();
    }
    BitSet ids = new BitSet();
    String t = text.toString();
    scan(t, ids);
    Stretch made = new Stretch(t, ids.stream().toArray());
    stretches[slot] = made;
    return made.ids();
  }

  /**
   * The key of a pair of word ids: both ids in one long, multiplied by an odd constant (a
   * bijection) so that the hash codes of nearby pairs differ.
   */
  static long pair(int first, int second) {
    return (((long) first << 32) | second) * 0x9E3779B97F4A7C15L;
  }

  private static int slot(int hash) {
    return (hash ^ (hash >>> 15)) * 0x9E3779B1 >>> (32 - Integer.numberOfTrailingZeros(CACHE_SLOTS));
  }

  /** The word in {@code chars[0, length)} (hash: its String hash code), from the cache if known. */
  private Word lookup(char[] chars, int length, int hash) {
    int slot = slot(hash);
    Word known = cache[slot];
    if (known != null && known.is(chars, length)) {
      return known;
    }
    return remember(slot, new String(chars, 0, length));
  }

  private Word lookup(String w) {
    int slot = slot(w.hashCode());
    Word known = cache[slot];
    if (known != null && known.views()[0].equals(w)) {
      return known;
    }
    return remember(slot, w);
  }

  private Word remember(int slot, String w) {
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
    int flags = FallbackAnalysis.common(w) | (Condition.Question.starts(w) ? ASKS : 0);
    Word made = new Word(views, ids.stream().toArray(), phrase, inPhrase, flags);
    cache[slot] = made;
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
