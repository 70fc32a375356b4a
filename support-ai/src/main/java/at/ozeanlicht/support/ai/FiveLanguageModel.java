package at.ozeanlicht.support.ai;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import opennlp.tools.langdetect.LanguageDetectorFactory;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.util.normalizer.AggregateCharSequenceNormalizer;
import opennlp.tools.util.normalizer.CharSequenceNormalizer;
import opennlp.tools.util.normalizer.EmojiCharSequenceNormalizer;
import opennlp.tools.util.normalizer.NumberCharSequenceNormalizer;
import opennlp.tools.util.normalizer.ShrinkCharSequenceNormalizer;
import opennlp.tools.util.normalizer.TwitterCharSequenceNormalizer;
import opennlp.tools.util.normalizer.UrlCharSequenceNormalizer;

/**
 * OpenNLP's language model evaluated for a few languages only. The bundled maxent model scores
 * 103 languages; {@link LanguageGuesser} keeps five of them and renormalizes. Because the model's
 * probabilities are a softmax, renormalizing five of them is the softmax over those five alone, so
 * this computes exactly that: the same character n-gram features as {@code LanguageDetectorME},
 * each feature's weights for the five languages only (copied out of the model once), five sums
 * instead of 103, no sorting of 103 results. It returns the same probabilities as OpenNLP's
 * {@code predictLanguages} restricted and renormalized (up to rounding, checked by a test) at a
 * fraction of the cost: on the receive path the model was the largest single item of the engine's
 * CPU profile.
 *
 * <p>The features are computed here rather than by OpenNLP's context generator, to the same
 * definition (OpenNLP 2.5's {@code LanguageDetectorFactory}: the emoji, URL, Twitter, number and
 * shrink normalizers, then every distinct 1- to 3-character n-gram of the text lower-cased code
 * point by code point) but without its garbage: each n-gram is packed into a {@code long} and
 * looked up in an open-addressing table, nothing is allocated per n-gram, and each of the nine
 * normalizing regular expressions runs only when a cheap scan finds a character it could match
 * (most chat messages need none of them). {@code FiveLanguageModelTest} compares the result
 * with OpenNLP's own detector.
 *
 * <p>Thread-safe: the tables are immutable.
 */
final class FiveLanguageModel {
  private static final int MAX_GRAM = 3;
  /** OpenNLP's normalizers in the factory's order, for texts that need more than the shrinking. */
  private static final CharSequenceNormalizer FULL = new AggregateCharSequenceNormalizer(
      EmojiCharSequenceNormalizer.getInstance(), UrlCharSequenceNormalizer.getInstance(),
      TwitterCharSequenceNormalizer.getInstance(), NumberCharSequenceNormalizer.getInstance(),
      ShrinkCharSequenceNormalizer.getInstance());
  /** The same after the emoji normalizer. */
  private static final CharSequenceNormalizer REST = new AggregateCharSequenceNormalizer(
      UrlCharSequenceNormalizer.getInstance(), TwitterCharSequenceNormalizer.getInstance(),
      NumberCharSequenceNormalizer.getInstance(), ShrinkCharSequenceNormalizer.getInstance());
  /** What the emoji expression matches in text without characters from U+D83C up. */
  private static final Pattern DASHES = Pattern.compile("-+");
  // ShrinkCharSequenceNormalizer's expressions (OpenNLP 2.5.6), for the common case.
  private static final Pattern SPACES = Pattern.compile("\\s{2,}", Pattern.CASE_INSENSITIVE);
  private static final Pattern REPEATED = Pattern.compile("(.)\\1{2,}", Pattern.CASE_INSENSITIVE);

  private final List<String> languages;
  private final int width;
  /** Open addressing: packed n-gram ({@link #pack}) or 0 for a free slot. */
  private final long[] keys;
  /** Per slot, the index of the feature's first weight in {@link #weights}. */
  private final int[] offsets;
  /** Per feature, its weights for {@link #languages}, in that order. */
  private final double[] weights;
  private final int mask;

  /** {@code iso3}: the model's outcome names of the languages to keep, in the order wanted. */
  FiveLanguageModel(LanguageDetectorModel model, List<String> iso3) {
    this.languages = List.copyOf(iso3);
    this.width = languages.size();
    if (model.getFactory().getClass() != LanguageDetectorFactory.class) {
      throw new IllegalArgumentException("model: expected OpenNLP's default language detector"
          + " factory (its features are replicated here), got " + model.getFactory().getClass().getName());
    }
    if (!(model.getMaxentModel() instanceof GISModel gis)) {
      throw new IllegalArgumentException("model: expected a maxent (GIS) language model, got "
          + model.getMaxentModel().getClass().getName());
    }
    // [parameters per predicate, predicate name -> its Context (OpenNLP 2.x), outcome names]
    Object[] parts = gis.getDataStructures();
    @SuppressWarnings("unchecked")
    Map<String, Context> predicates = (Map<String, Context>) parts[1];
    int[] slot = new int[gis.getNumOutcomes()];
    java.util.Arrays.fill(slot, -1);
    for (int k = 0; k < width; k++) {
      int outcome = gis.getIndex(languages.get(k));
      if (outcome < 0) {
        throw new IllegalArgumentException("iso3: the model has no language " + languages.get(k));
      }
      slot[outcome] = k;
    }
    Map<Long, double[]> table = new HashMap<>(predicates.size() * 2);
    for (Map.Entry<String, Context> e : predicates.entrySet()) {
      String gram = e.getKey();
      if (gram.isEmpty() || gram.length() > MAX_GRAM) {
        continue; // never generated, so never looked up
      }
      Context context = e.getValue();
      int[] outcomes = context.getOutcomes();
      double[] values = context.getParameters();
      double[] mine = null;
      for (int i = 0; i < outcomes.length; i++) {
        int k = slot[outcomes[i]];
        if (k >= 0 && values[i] != 0) {
          if (mine == null) {
            mine = new double[width];
          }
          mine[k] = values[i];
        }
      }
      if (mine != null) {
        long key = 0;
        for (int i = 0; i < gram.length(); i++) {
          key = pack(key, gram.charAt(i));
        }
        table.put(key, mine);
      }
    }
    int capacity = Integer.highestOneBit(Math.max(4, table.size() * 2 - 1)) << 1;
    this.keys = new long[capacity];
    this.offsets = new int[capacity];
    this.weights = new double[table.size() * width];
    this.mask = capacity - 1;
    int next = 0;
    for (Map.Entry<Long, double[]> e : table.entrySet()) {
      int at = find(e.getKey());
      keys[at] = e.getKey();
      offsets[at] = next;
      System.arraycopy(e.getValue(), 0, weights, next, width);
      next += width;
    }
  }

  /** Appends a character to a packed n-gram: 16 bits per character, a marker bit in front. */
  private static long pack(long gram, char c) {
    return gram == 0 ? 0x10000L | c : gram << 16 | c;
  }

  /** The slot of {@code key}, or the free slot where it would go. */
  private int find(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    int at = (int) (h ^ h >>> 32) & mask;
    while (keys[at] != 0 && keys[at] != key) {
      at = at + 1 & mask;
    }
    return at;
  }

  /** The kept languages' model names, in the order of {@link #predict}'s result. */
  List<String> languages() {
    return languages;
  }

  /**
   * The probability of each kept language for {@code text} (summing to 1), in {@link #languages()}
   * order.
   */
  double[] predict(CharSequence text) {
    char[] chars = lowerCase(normalize(text.toString()));
    int n = chars.length;
    // As LanguageDetectorME: every distinct n-gram feature counts once (NGramCharModel is a set).
    int[] found = new int[n * MAX_GRAM];
    int count = 0;
    for (int i = 0; i < n; i++) {
      long gram = 0;
      for (int len = 1; len <= MAX_GRAM && i + len <= n; len++) {
        gram = pack(gram, chars[i + len - 1]);
        int at = find(gram);
        if (keys[at] != 0) {
          found[count++] = offsets[at];
        }
      }
    }
    java.util.Arrays.sort(found, 0, count);
    double[] sums = new double[width];
    for (int f = 0; f < count; f++) {
      if (f > 0 && found[f] == found[f - 1]) {
        continue;
      }
      int at = found[f];
      for (int k = 0; k < width; k++) {
        sums[k] += weights[at + k];
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double s : sums) {
      max = Math.max(max, s);
    }
    double total = 0;
    for (int k = 0; k < sums.length; k++) {
      sums[k] = StrictMath.exp(sums[k] - max); // shifted: the same ratios, no overflow
      total += sums[k];
    }
    for (int k = 0; k < sums.length; k++) {
      sums[k] /= total;
    }
    return sums;
  }

  /**
   * OpenNLP's normalizer chain (each expression's matches become one space). Its emoji expression
   * {@code [\\uD83C-\\uDBFF\\uDC00-\\uDFFF]+} really means every code point from U+D83C up,
   * plus '-' and U+DFFF: text with such a character goes through the whole chain, while '-' alone
   * is done here. The URL, e-mail, hashtag, retweet, face, laughter and number expressions can
   * only match text with one of the characters {@link #needsRest} looks for; without them only
   * the shrinking (white-space runs, runs of three, trimming) can change the text, and its two
   * expressions run only when such a run is there.
   */
  static String normalize(String text) {
    boolean dash = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0xD83C) {
        return FULL.normalize(text).toString();
      }
      dash |= c == '-';
    }
    String s = dash ? DASHES.matcher(text).replaceAll(" ") : text;
    if (needsRest(s)) {
      return REST.normalize(s).toString();
    }
    if (hasSpaceRun(s)) {
      s = SPACES.matcher(s).replaceAll(" ");
    }
    if (hasCharRun(s)) {
      s = REPEATED.matcher(s).replaceAll("$1$1");
    }
    return s.trim();
  }

  // A necessary condition for any of the expressions before the shrinking to match:
  // emoji [\uD83C-\uDBFF\uDC00-\uDFFF]+ (a surrogate), URL https?://... ("http"),
  // e-mail ...@... and #tags/@users ('@', '#'), retweet \b(rt[ :])+, faces [:;x]-?[()dop] and
  // laughter ([hj])+([aieou])+(\1+\2+)+ (all case-insensitive), numbers \d+ (an ASCII digit).
  private static boolean needsRest(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '@', '#', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
          return true;
        }
        case ':', ';', 'x', 'X' -> {
          int j = i + 1 < n && s.charAt(i + 1) == '-' ? i + 2 : i + 1;
          if (j < n && "()dopDOP".indexOf(s.charAt(j)) >= 0) {
            return true;
          }
        }
        case 'r', 'R' -> {
          if (i + 2 < n && (s.charAt(i + 1) | 0x20) == 't'
              && (s.charAt(i + 2) == ' ' || s.charAt(i + 2) == ':')) {
            return true;
          }
        }
        case 'h', 'H', 'j', 'J' -> {
          if (s.startsWith("http", i)) {
            return true;
          }
          int j = i + 1;
          while (j < n && "aieouAIEOU".indexOf(s.charAt(j)) >= 0) {
            j++;
          }
          if (j > i + 1 && j < n && (s.charAt(j) | 0x20) == (c | 0x20)) {
            return true;
          }
        }
        default -> {
          if (Character.isSurrogate(c)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Two consecutive {@code \s} characters (ASCII white space), as {@code \s{2,}} needs. */
  private static boolean hasSpaceRun(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (isSpace(s.charAt(i)) && isSpace(s.charAt(i - 1))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /** Three equal characters in a row ignoring ASCII case, as {@code (.)\1{2,}} needs. */
  private static boolean hasCharRun(String s) {
    for (int i = 2; i < s.length(); i++) {
      char c = lowerAscii(s.charAt(i));
      if (c == lowerAscii(s.charAt(i - 1)) && c == lowerAscii(s.charAt(i - 2))) {
        return true;
      }
    }
    return false;
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /**
   * As OpenNLP's {@code StringUtil.toLowerCaseCharBuffer}: each code point lower-cased, into a
   * buffer as long as the text (any rest stays {@code \0}).
   */
  private static char[] lowerCase(String s) {
    char[] out = new char[s.length()];
    int at = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int lower = Character.toLowerCase(cp);
      if (Character.isBmpCodePoint(lower)) {
        if (at >= out.length) {
          throw new java.nio.BufferOverflowException();
        }
        out[at++] = (char) lower;
      } else {
        if (at + 1 >= out.length) {
          throw new java.nio.BufferOverflowException();
        }
        out[at++] = Character.highSurrogate(lower);
        out[at++] = Character.lowSurrogate(lower);
      }
    }
    return out;
  }
}
