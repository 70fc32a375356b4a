package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sentiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A compiled {@code when} condition. {@link #test} is the fast path; {@link #explain} says what
 * matched or the first thing that did not, for the trace.
 */
sealed interface Condition {
  boolean test(Facts f);

  /** Why this condition holds or does not, phrased for {@code test(f)}'s outcome. */
  String explain(Facts f);

  /** Always true: a rule without {@code when}. */
  record Always() implements Condition {
    public boolean test(Facts f) {
      return true;
    }

    public String explain(Facts f) {
      return "no conditions";
    }
  }

  record All(List<Condition> parts) implements Condition {
    public boolean test(Facts f) {
      for (Condition c : parts) {
        if (!c.test(f)) {
          return false;
        }
      }
      return true;
    }

    public String explain(Facts f) {
      List<String> why = new ArrayList<>();
      for (Condition c : parts) {
        if (!c.test(f)) {
          return c.explain(f);
        }
        why.add(c.explain(f));
      }
      return String.join(" and ", why);
    }
  }

  record Any(List<Condition> parts) implements Condition {
    public boolean test(Facts f) {
      for (Condition c : parts) {
        if (c.test(f)) {
          return true;
        }
      }
      return false;
    }

    public String explain(Facts f) {
      List<String> why = new ArrayList<>();
      for (Condition c : parts) {
        if (c.test(f)) {
          return c.explain(f);
        }
        why.add(c.explain(f));
      }
      return "none of: " + String.join("; ", why);
    }
  }

  record Not(Condition part) implements Condition {
    public boolean test(Facts f) {
      return !part.test(f);
    }

    public String explain(Facts f) {
      return "not (" + part.explain(f) + ")";
    }
  }

  /**
   * Message text contains any of the keywords (ids into the workspace automaton). {@code slot} is
   * this condition's index among the compiled text conditions (the router marks the slots hit by a
   * scan once, so testing is one lookup), or -1 when not indexed.
   */
  record Text(String name, int[] ids, int slot) implements Condition {
    Text(String name, int[] ids) {
      this(name, ids, -1);
    }

    public boolean test(Facts f) {
      if (slot >= 0) {
        return f.textHit(slot);
      }
      for (int id : ids) {
        if (f.keywords().get(id)) {
          return true;
        }
      }
      return false;
    }

    public String explain(Facts f) {
      List<String> hits = new ArrayList<>();
      for (int id : ids) {
        if (f.keywords().get(id)) {
          hits.add("'" + f.matcher().keyword(id) + "'");
        }
      }
      return hits.isEmpty()
          ? "text has none of the " + ids.length + " keywords of " + name
          : "text has " + String.join(", ", hits) + " (" + name + ")";
    }
  }

  /** A fact equals one of the listed values. */
  record OneOf(String field, Set<String> values) implements Condition {
    public boolean test(Facts f) {
      String v = f.value(field);
      return v != null && values.contains(v);
    }

    public String explain(Facts f) {
      String v = f.value(field);
      boolean ok = test(f);
      return field + " is " + (v == null ? "unknown" : "'" + v + "'")
          + (ok ? "" : ", expected " + values.stream().sorted().collect(Collectors.joining(" or ")));
    }
  }

  record Vip(boolean expected) implements Condition {
    public boolean test(Facts f) {
      return f.input().vip() == expected;
    }

    public String explain(Facts f) {
      return f.input().vip() ? "contact is VIP" : "contact is not VIP";
    }
  }

  /** The message asks something: a question mark, or it starts with a question word. */
  record Question(boolean expected) implements Condition {
    private static final Set<String> STARTS = Set.of("wie", "wann", "was", "wo", "warum", "wieso",
        "weshalb", "welche", "welcher", "welches", "kann", "koennt", "koennen", "gibt", "ist",
        "sind", "habt", "hat", "how", "what", "when", "where", "why", "which", "can", "could",
        "is", "are", "do", "does", "will", "would");

    static boolean asks(String text, List<String> words) {
      return text.indexOf('?') >= 0 || (!words.isEmpty() && starts(words.get(0)));
    }

    /** Whether a message that starts with {@code word} asks something. */
    static boolean starts(String word) {
      return STARTS.contains(word);
    }

    public boolean test(Facts f) {
      return f.question() == expected;
    }

    public String explain(Facts f) {
      return f.question() ? "the message asks something" : "the message asks nothing";
    }
  }

  record AfterHours(boolean outside) implements Condition {
    public boolean test(Facts f) {
      return f.afterHours() == outside;
    }

    public String explain(Facts f) {
      return f.afterHours() ? "outside business hours" : "inside business hours";
    }
  }

  record HasLabel(Set<String> labels) implements Condition {
    public boolean test(Facts f) {
      for (String l : labels) {
        if (f.labels().contains(l)) {
          return true;
        }
      }
      return false;
    }

    public String explain(Facts f) {
      return test(f) ? "has a label of " + labels : "has none of the labels " + labels;
    }
  }

  record Attributes(Map<String, String> expected) implements Condition {
    public boolean test(Facts f) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        if (!e.getValue().equals(f.input().contactAttributes().get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    public String explain(Facts f) {
      for (Map.Entry<String, String> e : expected.entrySet()) {
        String v = f.input().contactAttributes().get(e.getKey());
        if (!e.getValue().equals(v)) {
          return "contact attribute " + e.getKey() + " is " + (v == null ? "unset" : "'" + v + "'")
              + ", expected '" + e.getValue() + "'";
        }
      }
      return "contact attributes " + expected;
    }
  }

  /** The facts one evaluation works on; current labels and priority change as rules fire. */
  interface Facts {
    RoutingInput input();

    java.util.BitSet keywords();

    /** Whether the text condition in {@code slot} holds (any of its keywords was found). */
    boolean textHit(int slot);

    KeywordMatcher matcher();

    boolean afterHours();

    boolean question();

    Set<String> labels();

    @Nullable String value(String field);

    static String priority(Priority p) {
      return p.wire();
    }

    static String sentiment(Sentiment s) {
      return s.wire();
    }
  }
}
