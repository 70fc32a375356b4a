/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.langdetect.LanguageDetectorContextGenerator;
import opennlp.tools.langdetect.LanguageDetectorModel;
import opennlp.tools.ml.maxent.GISModel;
import opennlp.tools.ml.model.Context;

/**
 * OpenNLP's language model evaluated for a few languages only. The bundled maxent model scores
 * 103 languages; {@link ReferenceLanguageGuesser} keeps five of them and renormalizes. Because the model's
 * probabilities are a softmax, renormalizing five of them is the softmax over those five alone, so
 * this computes exactly that: the same character n-gram features as {@code LanguageDetectorME},
 * each feature's weights for the five languages only (copied out of the model once), five sums
 * instead of 103, no sorting of 103 results. It returns the same probabilities as OpenNLP's
 * {@code predictLanguages} restricted and renormalized (up to rounding, checked by a test) at a
 * fraction of the cost: on the receive path the model was the largest single item of the engine's
 * CPU profile.
 *
 * <p>Thread-safe: the weight table and the feature generator are immutable.
 */
final class ReferenceFiveLanguageModel {
  private final LanguageDetectorContextGenerator features;
  private final List<String> languages;
  /** Per feature (character n-gram), its weights for {@link #languages}, in that order. */
  private final Map<String, double[]> weights;

  /** {@code iso3}: the model's outcome names of the languages to keep, in the order wanted. */
  ReferenceFiveLanguageModel(LanguageDetectorModel model, List<String> iso3) {
    // Immutable (n-gram lengths and stateless normalizers), so one is shared by all threads.
    this.features = model.getFactory().getContextGenerator();
    this.languages = List.copyOf(iso3);
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
    for (int k = 0; k < languages.size(); k++) {
      int outcome = gis.getIndex(languages.get(k));
      if (outcome < 0) {
        throw new IllegalArgumentException("iso3: the model has no language " + languages.get(k));
      }
      slot[outcome] = k;
    }
    Map<String, double[]> table = new HashMap<>(predicates.size() * 2);
    for (Map.Entry<String, Context> e : predicates.entrySet()) {
      Context context = e.getValue();
      int[] outcomes = context.getOutcomes();
      double[] values = context.getParameters();
      double[] mine = null;
      for (int i = 0; i < outcomes.length; i++) {
        int k = slot[outcomes[i]];
        if (k >= 0 && values[i] != 0) {
          if (mine == null) {
            mine = new double[languages.size()];
          }
          mine[k] = values[i];
        }
      }
      if (mine != null) {
        table.put(e.getKey(), mine);
      }
    }
    this.weights = table;
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
    // As LanguageDetectorME: every n-gram feature counts as often as it occurs.
    Map<String, int[]> counts = new HashMap<>();
    for (CharSequence gram : features.<CharSequence>getContext(text)) {
      counts.computeIfAbsent(gram.toString(), g -> new int[1])[0]++;
    }
    double[] sums = new double[languages.size()];
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      double[] w = weights.get(e.getKey());
      if (w != null) {
        float count = e.getValue()[0];
        for (int k = 0; k < sums.length; k++) {
          sums[k] += w[k] * count;
        }
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
}
