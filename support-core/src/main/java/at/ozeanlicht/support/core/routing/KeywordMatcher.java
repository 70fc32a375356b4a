package at.ozeanlicht.support.core.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All keywords of a workspace in one Aho–Corasick automaton, so the cost of matching grows with the
 * length of the message, not with the number of keywords. Each distinct keyword gets an id; a scan
 * returns the ids found. A keyword is one or more words; {@code *} at its start or end lets it
 * match inside a longer word (compounds: {@code rechnung*} finds {@code Rechnungsadresse}).
 * Immutable and thread-safe once built.
 *
 * <p>Why not a library automaton: {@code org.ahocorasick} looks up every character in a boxed
 * {@code HashMap} per state and allocates an emit per match, which was most of the routing time.
 * This one is flat arrays (a dense root row, sorted transitions elsewhere, failure and output
 * links computed once), so a scan allocates nothing but the result.
 */
final class KeywordMatcher {
  private final Automaton automaton;
  private final List<String> keywords;

  private KeywordMatcher(Automaton automaton, List<String> keywords) {
    this.automaton = automaton;
    this.keywords = List.copyOf(keywords);
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
    if (words.isEmpty()) {
      return found;
    }
    automaton.scan(TextNormalizer.scanText(words), found);
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
      return new KeywordMatcher(Automaton.build(patterns), new ArrayList<>(ids.keySet()));
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

  /** Aho–Corasick over flat arrays: every occurrence of every pattern, overlaps included. */
  static final class Automaton {
    private final int[] rootNext; // per char 0..65535: the root's transition, 0 for none
    private final int[] start; // per state: its first transition in labels/targets
    private final char[] labels; // sorted per state
    private final int[] targets;
    private final int[] fail;
    private final int[][] out; // per state: its own pattern's ids, or null
    private final int[] outLink; // per state: the nearest proper suffix state with ids, 0 for none

    private Automaton(int[] rootNext, int[] start, char[] labels, int[] targets, int[] fail,
        int[][] out, int[] outLink) {
      this.rootNext = rootNext;
      this.start = start;
      this.labels = labels;
      this.targets = targets;
      this.fail = fail;
      this.out = out;
      this.outLink = outLink;
    }

    static Automaton build(Map<String, List<Integer>> patterns) {
      List<TreeMap<Character, Integer>> go = new ArrayList<>();
      List<int[]> ids = new ArrayList<>();
      go.add(new TreeMap<>());
      ids.add(null);
      for (Map.Entry<String, List<Integer>> e : patterns.entrySet()) {
        int s = 0;
        for (char ch : e.getKey().toCharArray()) {
          Integer t = go.get(s).get(ch);
          if (t == null) {
            t = go.size();
            go.get(s).put(ch, t);
            go.add(new TreeMap<>());
            ids.add(null);
          }
          s = t;
        }
        ids.set(s, e.getValue().stream().mapToInt(Integer::intValue).distinct().toArray());
      }
      int n = go.size();
      int[] start = new int[n + 1];
      for (int s = 0; s < n; s++) {
        start[s + 1] = start[s] + go.get(s).size();
      }
      char[] labels = new char[start[n]];
      int[] targets = new int[start[n]];
      int[] rootNext = new int[Character.MAX_VALUE + 1];
      for (int s = 0; s < n; s++) {
        int i = start[s];
        for (Map.Entry<Character, Integer> t : go.get(s).entrySet()) {
          labels[i] = t.getKey();
          targets[i++] = t.getValue();
          if (s == 0) {
            rootNext[t.getKey()] = t.getValue();
          }
        }
      }
      int[] fail = new int[n];
      int[] outLink = new int[n];
      int[][] out = ids.toArray(new int[0][]);
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      for (int t : go.get(0).values()) {
        queue.add(t);
      }
      Automaton a = new Automaton(rootNext, start, labels, targets, fail, out, outLink);
      while (!queue.isEmpty()) {
        int s = queue.poll();
        for (Map.Entry<Character, Integer> t : go.get(s).entrySet()) {
          int child = t.getValue();
          int f = fail[s];
          int next;
          while ((next = a.step(f, t.getKey())) < 0 && f != 0) {
            f = fail[f];
          }
          fail[child] = next > 0 && next != child ? next : 0;
          outLink[child] = out[fail[child]] != null ? fail[child] : outLink[fail[child]];
          queue.add(child);
        }
      }
      return a;
    }

    /** The transition of {@code s} on {@code ch}: a state, or -1 (the root: 0 for none). */
    private int step(int s, char ch) {
      if (s == 0) {
        return rootNext[ch];
      }
      int lo = start[s];
      int hi = start[s + 1] - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        char c = labels[mid];
        if (c < ch) {
          lo = mid + 1;
        } else if (c > ch) {
          hi = mid - 1;
        } else {
          return targets[mid];
        }
      }
      return -1;
    }

    void scan(CharSequence text, BitSet found) {
      int s = 0;
      for (int i = 0, len = text.length(); i < len; i++) {
        char ch = text.charAt(i);
        int t;
        while ((t = step(s, ch)) < 0) {
          s = fail[s];
        }
        s = t;
        for (int o = out[s] != null ? s : outLink[s]; o != 0; o = outLink[o]) {
          for (int id : out[o]) {
            found.set(id);
          }
        }
      }
    }
  }
}
