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
 * Immutable and thread-safe once built.
 */
final class KeywordMatcher {
  private final PayloadTrie<int[]> trie;
  private final List<String> keywords;
  /** The most words a pattern spans, minus one: how far around a changed stem a match can reach. */
  private final int reach;
  /** The words of the patterns of more than one word (phrases match whole words only). */
  private final Set<String> phraseWords;

  private KeywordMatcher(PayloadTrie<int[]> trie, List<String> keywords, int reach, Set<String> phraseWords) {
    this.trie = trie;
    this.keywords = List.copyOf(keywords);
    this.reach = reach;
    this.phraseWords = Set.copyOf(phraseWords);
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
    return words.isEmpty() ? new BitSet(keywords.size()) : scan(TextNormalizer.scanText(words, reach, phraseWords));
  }

  /** {@link #match} over the full three views (the reference the short scan text must agree with). */
  BitSet matchFull(List<String> words) {
    return words.isEmpty() ? new BitSet(keywords.size()) : scan(TextNormalizer.fullScanText(words));
  }

  private BitSet scan(String text) {
    BitSet found = new BitSet(keywords.size());
    trie.parseText(text, emit -> {
      for (int id : emit.getPayload()) {
        found.set(id);
      }
      return true;
    });
    return found;
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
      int maxWords = 1;
      Set<String> phraseWords = new HashSet<>();
      for (String p : patterns.keySet()) {
        List<String> words = TextNormalizer.words(p);
        maxWords = Math.max(maxWords, words.size());
        if (words.size() > 1) {
          phraseWords.addAll(words);
        }
      }
      return new KeywordMatcher(b.build(), new ArrayList<>(ids.keySet()), maxWords - 1, phraseWords);
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
