/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.ai.ReferenceText.Token;
import at.ozeanlicht.support.core.domain.Sentiment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexicon-and-rules sentiment for German and English chat, in the spirit of VADER: word valences
 * from the project's own lexicons, flipped by negation, scaled by intensifiers, capitals and
 * exclamation marks, plus emoji and emoticons; the sum is squashed into [-1, 1].
 */
final class ReferenceSentimentScorer {
  static final double THRESHOLD = 0.2;
  private static final double NEGATION = -0.74;
  private static final double BOOST = 1.3;
  private static final double DAMPEN = 0.6;
  private static final double CAPS = 1.4;
  private static final double PROBLEM = -0.4;
  private static final Set<String> NEGATORS = Set.of("nicht", "kein", "keine", "keinen", "keiner",
      "keinem", "nie", "niemals", "nichts", "net", "ned", "not", "no", "never", "dont", "doesnt",
      "isnt", "cant", "cannot", "wont", "didnt", "wasnt", "arent", "havent", "hasnt", "couldnt",
      "wouldnt", "nothing", "nor", "nope", "aint");
  private static final Set<String> POST_NEGATORS = Set.of("nicht", "net", "ned", "nie", "not");
  private static final Set<String> CONTRAST = Set.of("aber", "but", "jedoch", "however", "trotzdem",
      "allerdings", "though", "although");
  private static final Set<String> CONJUNCTIONS = Set.of("und", "oder", "aber", "weil", "dass",
      "wenn", "and", "or", "but", "because", "that", "if");
  private static final Map<String, Double> MODIFIERS = new HashMap<>();
  private static final Set<String> THANKS = Set.of("danke", "dank", "thanks", "thank", "thx", "ty");
  // Verbs whose negation is a complaint about the product ("geht nicht", "can't login").
  private static final Set<String> PROBLEM_VERBS = Set.of("geht", "gehen", "funktioniert",
      "funktionieren", "funktionierts", "klappt", "klappen", "laedt", "laden", "laeuft", "startet",
      "spielt", "oeffnet", "oeffnen", "reinkomme", "komme", "einloggen", "anmelden", "abspielen",
      "works", "work", "working", "load", "loading", "loads", "play", "playing", "plays", "open",
      "opens", "login", "log", "access", "sign", "get", "receive", "received", "find", "see",
      "hoeren", "sehen", "finden", "erhalten", "bekommen", "gekommen", "angekommen");
  private static final Pattern EMOTICON = Pattern.compile(
      "(?<![\\w])(?::'\\(|:-?\\)+|:-?\\(+|;-?\\)|:-?D\\b|xD\\b|XD\\b|:-?/(?!/)|:-?[pP]\\b|<3|:-?\\|)");

  static {
    for (String w : List.of("sehr", "total", "totally", "voll", "mega", "echt", "wirklich",
        "absolut", "absolutely", "voellig", "vollkommen", "komplett", "completely", "extrem",
        "extremely", "unglaublich", "incredibly", "very", "really", "so", "sooo", "soo", "too",
        "zu", "super", "ultra", "ganz", "gar", "ueberhaupt", "at", "all", "such", "hugely",
        "hoechst", "aeusserst", "unheimlich", "wahnsinnig", "richtig", "schon", "wieder",
        "tierisch", "verdammt", "damn", "fucking", "bloody", "utterly", "truly", "deeply",
        "zutiefst", "tief", "herzlich", "herzlichen", "vielen", "many", "much")) {
      MODIFIERS.put(w, BOOST);
    }
    for (String w : List.of("etwas", "bisschen", "bissl", "kaum", "slightly", "bit", "kinda",
        "somewhat", "eher", "ziemlich", "little", "barely", "fast", "almost", "nearly")) {
      MODIFIERS.put(w, DAMPEN);
    }
    MODIFIERS.put("schon", 1.0);
    MODIFIERS.put("wieder", 1.0);
  }

  private final Map<String, Double> words;
  private final Map<String, Double> phrases;
  private final int longestPhrase;
  private final Map<String, Double> symbols;

  ReferenceSentimentScorer() {
    Map<String, Double> w = new HashMap<>();
    Map<String, Double> p = new HashMap<>();
    int longest = 1;
    for (String file : List.of("sentiment-de.tsv", "sentiment-en.tsv")) {
      for (String line : Text.resourceLines(file)) {
        String[] parts = line.split("\t");
        if (parts.length != 2) {
          throw new IllegalStateException(file + ": expected 'term<TAB>valence', was '" + line + "'");
        }
        double v = Double.parseDouble(parts[1].strip());
        List<Token> toks = ReferenceText.tokens(parts[0]);
        if (toks.size() == 1) {
          w.put(toks.get(0).norm(), v);
        } else if (toks.size() > 1) {
          p.put(join(toks, 0, toks.size()), v);
          longest = Math.max(longest, toks.size());
        }
      }
    }
    Map<String, Double> s = new HashMap<>();
    for (String line : Text.resourceLines("sentiment-emoji.tsv")) {
      String[] parts = line.split("\t");
      s.put(stripVariation(parts[0].strip()), Double.parseDouble(parts[1].strip()));
    }
    this.words = Map.copyOf(w);
    this.phrases = Map.copyOf(p);
    this.longestPhrase = longest;
    this.symbols = Map.copyOf(s);
  }

  record Result(Sentiment sentiment, double score) {}

  Result score(String raw, List<Token> tokens) {
    int n = tokens.size();
    double[] valence = new double[n];
    boolean[] sentimentWord = new boolean[n];
    boolean[] consumed = new boolean[n];
    // 1. Phrases first (longest wins), then single words, then negated problem verbs.
    for (int i = 0; i < n; i++) {
      if (consumed[i]) {
        continue;
      }
      for (int len = Math.min(longestPhrase, n - i); len >= 2; len--) {
        if (tokens.get(i + len - 1).clause() != tokens.get(i).clause()) {
          continue;
        }
        Double v = phrases.get(join(tokens, i, i + len));
        if (v != null) {
          valence[i] = v;
          sentimentWord[i] = true;
          for (int k = i; k < i + len; k++) {
            consumed[k] = true;
          }
          break;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (consumed[i]) {
        continue;
      }
      Double v = lookup(tokens.get(i).norm());
      if (v != null) {
        valence[i] = v;
        sentimentWord[i] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      if (consumed[i] || sentimentWord[i] || !PROBLEM_VERBS.contains(tokens.get(i).norm())) {
        continue;
      }
      if (negatedBefore(tokens, consumed, i) || negatedAfter(tokens, sentimentWord, consumed, i)) {
        valence[i] = PROBLEM;
        sentimentWord[i] = true;
        markNegators(tokens, consumed, i);
      }
    }
    // 2. Modifiers, negation and capitals around every sentiment word.
    int contrastAt = -1;
    for (int i = 0; i < n; i++) {
      if (CONTRAST.contains(tokens.get(i).norm())) {
        contrastAt = i;
        break;
      }
    }
    boolean shouting = shouting(tokens);
    boolean asking = raw.indexOf('?') >= 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      if (!sentimentWord[i]) {
        continue;
      }
      double v = valence[i];
      Token t = tokens.get(i);
      if (t.caps() && !shouting) {
        v *= CAPS;
      } else if (t.caps()) {
        v *= 1.15;
      }
      for (int k = i - 1; k >= Math.max(0, i - 3); k--) {
        Token m = tokens.get(k);
        if (m.clause() != t.clause() || sentimentWord[k] && !consumed[k]) {
          break;
        }
        Double mod = MODIFIERS.get(m.norm());
        if (mod != null && k >= i - 2) {
          v *= m.caps() ? mod * 1.15 : mod;
        }
      }
      if (valence[i] != PROBLEM && (negatedBefore(tokens, consumed, i)
          || !consumed[i] && negatedAfter(tokens, sentimentWord, consumed, i))) {
        v *= NEGATION;
      }
      if (asking && v > 0 && THANKS.contains(t.norm())) {
        v *= 0.4; // "…? Danke" is politeness, not delight
      }
      if (contrastAt >= 0) {
        v *= i < contrastAt ? 0.5 : 1.5;
      }
      sum += v;
    }
    // 3. Emoji and emoticons count as they are; negation does not reach them.
    Matcher em = EMOTICON.matcher(raw);
    while (em.find()) {
      String e = em.group();
      String key = e.replace("-", "");
      if (key.startsWith(":)")) {
        key = ":)";
      } else if (key.startsWith(":(")) {
        key = ":(";
      }
      Double v = symbols.get(key);
      if (v == null) {
        v = symbols.get(key.toLowerCase(java.util.Locale.ROOT));
      }
      if (v != null) {
        sum += v;
      }
    }
    int[] cps = raw.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] < 0x2000) {
        continue;
      }
      Double v = symbols.get(new String(cps, i, 1));
      if (v != null) {
        sum += v;
      }
    }
    // 4. Shouting and exclamation marks push in the direction already taken.
    if (shouting && sum <= 0.5) {
      sum -= 1.0;
    }
    int bangs = count(raw, '!');
    int questions = count(raw, '?');
    if (sum != 0) {
      double sign = Math.signum(sum);
      sum += sign * 0.29 * Math.min(bangs, 4);
      if (questions > 1) {
        sum += sign * 0.18 * Math.min(questions, 3);
      }
    }
    double compound = sum / Math.sqrt(sum * sum + 15);
    compound = Math.max(-1, Math.min(1, compound));
    if (Double.isNaN(compound)) {
      compound = 0;
    }
    Sentiment label = compound >= THRESHOLD ? Sentiment.POSITIVE
        : compound <= -THRESHOLD ? Sentiment.NEGATIVE : Sentiment.NEUTRAL;
    return new Result(label, compound);
  }

  private Double lookup(String norm) {
    Double v = words.get(norm);
    if (v == null && Text.hasRun(norm)) {
      v = words.get(Text.squash(norm, 2));
      if (v == null) {
        v = words.get(Text.squash(norm, 1));
      }
    }
    return v;
  }

  private static boolean negatedBefore(List<Token> tokens, boolean[] consumed, int i) {
    Token t = tokens.get(i);
    for (int k = i - 1; k >= Math.max(0, i - 3); k--) {
      Token m = tokens.get(k);
      if (m.clause() != t.clause() || consumed[k]) {
        return false;
      }
      if (NEGATORS.contains(m.norm())) {
        return true;
      }
    }
    return false;
  }

  // German puts "nicht" after the verb: "gefällt mir nicht", "geht schon wieder nicht".
  private static boolean negatedAfter(
      List<Token> tokens, boolean[] sentimentWord, boolean[] consumed, int i) {
    Token t = tokens.get(i);
    int k0 = i + 1;
    while (k0 < tokens.size() && consumed[k0] && !sentimentWord[k0]) {
      k0++; // the rest of this word's own phrase
    }
    for (int k = k0; k <= Math.min(tokens.size() - 1, k0 + 2); k++) {
      Token m = tokens.get(k);
      if (m.clause() != t.clause() || sentimentWord[k] || consumed[k]
          || CONJUNCTIONS.contains(m.norm())) {
        return false;
      }
      if (POST_NEGATORS.contains(m.norm())) {
        // "nicht" that negates a following sentiment word belongs to that word.
        return k + 1 >= tokens.size() || !sentimentWord[k + 1] || tokens.get(k + 1).clause() != m.clause();
      }
    }
    return false;
  }

  private static void markNegators(List<Token> tokens, boolean[] consumed, int i) {
    for (int k = Math.max(0, i - 3); k <= Math.min(tokens.size() - 1, i + 3); k++) {
      if (NEGATORS.contains(tokens.get(k).norm()) && tokens.get(k).clause() == tokens.get(i).clause()) {
        consumed[k] = true;
      }
    }
  }

  private static boolean shouting(List<Token> tokens) {
    int caps = 0;
    int words = 0;
    for (Token t : tokens) {
      if (t.raw().length() >= 3 && t.raw().chars().anyMatch(Character::isLetter)) {
        words++;
        if (t.caps()) {
          caps++;
        }
      }
    }
    return caps >= 2 && caps * 10 >= words * 6;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static String stripVariation(String s) {
    return s.replace("\uFE0F", "").replace("\uFE0E", "");
  }

  private static String join(List<Token> tokens, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int k = from; k < to; k++) {
      if (k > from) {
        b.append(' ');
      }
      b.append(tokens.get(k).norm());
    }
    return b.toString();
  }
}
