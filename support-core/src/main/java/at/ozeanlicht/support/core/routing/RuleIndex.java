package at.ozeanlicht.support.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Which keywords a rule needs: a condition that can only hold when one of a set of keywords was
 * found lets the router skip the rule for messages without any of them, so the rules evaluated per
 * message grow with the keywords found, not with the number of rules.
 */
final class RuleIndex {
  private RuleIndex() {}

  /**
   * Keyword ids of which at least one must be found for {@code c} to hold, or null when {@code c}
   * can hold without any keyword.
   */
  static int @Nullable [] requiredKeywords(Condition c) {
    if (c instanceof Condition.Text t) {
      return t.ids();
    }
    if (c instanceof Condition.All all) {
      int[] best = null;
      for (Condition part : all.parts()) {
        int[] r = requiredKeywords(part);
        if (r != null && (best == null || r.length < best.length)) {
          best = r;
        }
      }
      return best;
    }
    if (c instanceof Condition.Any any && !any.parts().isEmpty()) {
      List<int[]> each = new ArrayList<>();
      for (Condition part : any.parts()) {
        int[] r = requiredKeywords(part);
        if (r == null) {
          return null;
        }
        each.add(r);
      }
      return each.stream().flatMapToInt(IntStream::of).distinct().sorted().toArray();
    }
    return null;
  }

  /** Per keyword id, the rules (indices, ascending) whose required keywords include it. */
  static int[][] byKeyword(int[][] required, int keywords) {
    List<List<Integer>> rules = new ArrayList<>();
    for (int i = 0; i < keywords; i++) {
      rules.add(new ArrayList<>());
    }
    for (int r = 0; r < required.length; r++) {
      if (required[r] != null) {
        for (int id : required[r]) {
          rules.get(id).add(r);
        }
      }
    }
    int[][] out = new int[keywords][];
    for (int i = 0; i < keywords; i++) {
      out[i] = rules.get(i).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    return out;
  }
}
