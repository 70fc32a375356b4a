package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Inbox;
import at.ozeanlicht.support.core.domain.Priority;
import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.sla.AfterHours;
import at.ozeanlicht.support.core.sla.SlaConfig;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The compiled routing rules of a workspace ({@code routing.yaml}) and their evaluator.
 *
 * <p>{@link #route} is a pure function of its input: rules run in file order on the input's
 * trigger; each matching rule applies its actions (a later rule overrides an earlier rule's team,
 * priority and assignment; labels and notifications add up) and {@code stop: true} ends the
 * evaluation. Then the {@link AiBoundaryGuard} runs, and no rule can undo what it decides. All
 * keywords of all rules (and the guard's) sit in one Aho–Corasick automaton, so one pass over the
 * message finds every keyword, whatever their number.
 *
 * <p>Immutable and thread-safe.
 */
public final class Router {
  /** The trace line the router writes when routing ran without an analyzer. */
  public static final String NO_ANALYZER = "no analyzer: keywords only";

  /**
   * The {@code reply} value that stands for the honest after-hours acknowledgment: the next opening
   * of the inbox's calendar in the contact's language ({@link AfterHours#notice}); no reply while
   * the calendar is open.
   */
  public static final String AFTER_HOURS_NOTICE = "after-hours-notice";

  private final RoutingLoader.Compiled c;
  private final BusinessHours hours;
  private final Map<String, BusinessHours> inboxHours;
  /** The rules in file order, as an array. */
  private final Rule[] rules;
  /** Per trigger (by ordinal): the indices of the rules that run on it, in file order. */
  private final int[][] rulesOn;
  /** Every rule index, in file order (the explain trace covers all rules). */
  private final int[] allRules;
  /**
   * Per trigger (by ordinal): the rules on it that can match without any keyword found (their
   * {@code when} does not require one), as bits by rule index.
   */
  private final BitSet[] keywordFreeOn;
  /** Per trigger (by ordinal): the rules that run on it, as bits by rule index. */
  private final BitSet[] runOn;
  /** Per keyword id: the rules whose {@code when} requires a keyword and can be met by this one. */
  private final int[][] rulesByKeyword;
  /** Per keyword id: the guard topics it belongs to (bits per AiBoundaryGuard.TOPICS), and POSITIVE. */
  private final int[] keywordTopics;
  private static final int POSITIVE = 1 << AiBoundaryGuard.TOPICS.size();
  /** Per thread: what one evaluation needs and can reuse (routing does not re-enter). */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
  /** The last business-hours answer (hours, instant, open): messages come in bursts of one time. */
  private volatile @Nullable OpenAt lastOpen;
  /** The last after-hours notice text (or null while open) for its hours, instant and language. */
  private volatile @Nullable NoticeAt lastNotice;
  private static final int NEGATIVE_OR_COMPLAINT = 1 << AiBoundaryGuard.TOPICS.indexOf(AiBoundaryGuard.NEGATIVE)
      | 1 << AiBoundaryGuard.TOPICS.indexOf(AiBoundaryGuard.COMPLAINT);

  private Router(RoutingLoader.Compiled compiled, BusinessHours hours, Map<String, BusinessHours> inboxHours) {
    this.c = compiled;
    this.hours = hours;
    this.inboxHours = Map.copyOf(inboxHours);
    this.rules = compiled.rules().toArray(new Rule[0]);
    this.allRules = new int[rules.length];
    for (int i = 0; i < rules.length; i++) {
      allRules[i] = i;
    }
    this.keywordTopics = new int[compiled.matcher().size()];
    for (int i = 0; i < AiBoundaryGuard.TOPICS.size(); i++) {
      for (int id : compiled.guardIds().get(AiBoundaryGuard.TOPICS.get(i))) {
        keywordTopics[id] |= 1 << i;
      }
    }
    for (int id : compiled.positiveIds()) {
      keywordTopics[id] |= POSITIVE;
    }
    Trigger[] triggers = Trigger.values();
    this.rulesOn = new int[triggers.length][];
    this.keywordFreeOn = new BitSet[triggers.length];
    this.runOn = new BitSet[triggers.length];
    int[][] required = new int[rules.length][];
    for (int i = 0; i < rules.length; i++) {
      required[i] = RuleIndex.requiredKeywords(rules[i].when());
    }
    for (Trigger t : triggers) {
      int[] on = new int[rules.length];
      int n = 0;
      BitSet free = new BitSet(rules.length);
      BitSet all = new BitSet(rules.length);
      for (int i = 0; i < rules.length; i++) {
        if (runs(rules[i], t)) {
          on[n++] = i;
          all.set(i);
          if (required[i] == null) {
            free.set(i);
          }
        }
      }
      rulesOn[t.ordinal()] = java.util.Arrays.copyOf(on, n);
      keywordFreeOn[t.ordinal()] = free;
      runOn[t.ordinal()] = all;
    }
    this.rulesByKeyword = RuleIndex.byKeyword(required, compiled.matcher().size());
  }

  /**
   * Loads {@code routing.yaml} from a workspace directory. A directory without the file gives a
   * router without rules (the guard still applies).
   *
   * @throws ValidationException with every problem of the file (source {@code routing.yaml})
   */
  public static Router load(Path dir, Workspace workspace) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(workspace, "workspace");
    String yaml;
    try {
      yaml = Files.readString(dir.resolve(RoutingLoader.FILE), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      yaml = null;
    } catch (IOException e) {
      throw new ValidationException(List.of(new FieldProblem(RoutingLoader.FILE, RoutingLoader.FILE,
          "cannot be read: " + e)));
    }
    return parse(yaml, workspace);
  }

  /**
   * Compiles routing rules from YAML text.
   *
   * @param yaml the text of a {@code routing.yaml}, or null for no rules
   * @throws ValidationException with every problem found
   */
  public static Router parse(@Nullable String yaml, Workspace workspace) {
    Objects.requireNonNull(workspace, "workspace");
    RoutingLoader.Compiled compiled = RoutingLoader.compile(workspace, RoutingLoader.FILE, yaml);
    // The SLA calendars (holidays, special days) win; routing.yaml's business_hours and then
    // weekdays 09-18 only stand in where sla.yaml defines no calendar.
    SlaConfig sla = workspace.sla();
    BusinessHours fallback = compiled.hours() != null ? compiled.hours()
        : BusinessHours.weekdays(workspace.defaults().zone());
    BusinessHours h = sla.defaultCalendar() != null
        ? BusinessHours.of(sla.calendar(sla.defaultCalendar())) : fallback;
    Map<String, BusinessHours> byInbox = new HashMap<>();
    for (Inbox inbox : workspace.inboxes()) {
      String id = sla.calendarId(inbox.calendar());
      byInbox.put(inbox.id(), id.equals(SlaConfig.ALWAYS) ? fallback : BusinessHours.of(sla.calendar(id)));
    }
    return new Router(compiled, h, byInbox);
  }

  /** The same rules with other business hours for every inbox (e.g. a test's calendar). */
  public Router withBusinessHours(BusinessHours businessHours) {
    return new Router(c, Objects.requireNonNull(businessHours, "businessHours"), Map.of());
  }

  /**
   * The business hours of messages without an inbox: the workspace's default SLA calendar, else
   * {@code business_hours} of routing.yaml, else weekdays 09:00 to 18:00 in the workspace zone.
   */
  public BusinessHours businessHours() {
    return hours;
  }

  /**
   * The business hours "outside business hours", after-hours notices and "business minutes" of an
   * inbox are measured by: its SLA calendar ({@code inbox.calendar}, else the workspace default).
   *
   * @param inbox an inbox id, or null for {@link #businessHours()}
   */
  public BusinessHours businessHours(@Nullable String inbox) {
    return inbox == null ? hours : inboxHours.getOrDefault(inbox, hours);
  }

  /** The rule names, in evaluation order. */
  public List<String> ruleNames() {
    return c.rules().stream().map(Rule::name).toList();
  }

  /** How many distinct keywords the automaton holds (the guard's included). */
  public int keywordCount() {
    return c.keywordCount();
  }

  /** Whether any rule runs on {@code trigger} (cheap: lets the engine skip loading facts). */
  public boolean runsOn(Trigger trigger) {
    for (Rule r : c.rules()) {
      if (r.on().contains(trigger)) {
        return true;
      }
    }
    return false;
  }

  /** The rules that run on time, evaluated by the engine's tick. */
  public List<TimedRule> timedRules() {
    List<TimedRule> out = new ArrayList<>();
    for (Rule r : c.rules()) {
      for (Trigger t : r.on()) {
        if (t.timed() && r.after() != null) {
          out.add(new TimedRule(r.name(), t, r.after()));
        }
      }
    }
    return out;
  }

  /** The assignment to use when no rule says: {@code defaults.assign}, if set. */
  public Optional<String> defaultAssign() {
    return Optional.ofNullable(c.defaultAssign());
  }

  /**
   * The fairness window's cap: at most this many assignments per agent within {@link
   * #fairnessWindow()} ({@code defaults.fairness: {max: 8, per: 1h}}); 0 for no cap.
   */
  public int fairnessCap() {
    return c.fairnessCap();
  }

  /** The fairness window ({@code defaults.fairness.per}); zero when there is no cap. */
  public java.time.Duration fairnessWindow() {
    return c.fairnessWindow();
  }

  /** The team for conversations no rule puts anywhere: {@code defaults.team}, if set. */
  public Optional<String> defaultTeam() {
    return Optional.ofNullable(c.defaultTeam());
  }

  /** The steps of an escalation policy; {@code null} means the default policy (maybe none). */
  public List<EscalationStep> escalation(@Nullable String policy) {
    String name = policy != null ? policy : c.defaultPolicy();
    return name == null ? List.of() : c.policies().getOrDefault(name, List.of());
  }

  /** The escalation policies by name. */
  public Map<String, List<EscalationStep>> escalationPolicies() {
    return c.policies();
  }

  /** The policy for conversations no rule gave one: {@code escalation.default}, if set. */
  public Optional<String> defaultEscalationPolicy() {
    return Optional.ofNullable(c.defaultPolicy());
  }

  /** Evaluates the rules with an explain trace. */
  public RoutingDecision route(RoutingInput input) {
    return route(input, true);
  }

  /**
   * Evaluates the rules.
   *
   * @param explain whether to build the trace (costs time; the decision is the same)
   */
  public RoutingDecision route(RoutingInput input, boolean explain) {
    return route(input, explain, null, false);
  }

  /**
   * Evaluates the rules like {@code route(input, false)}, but the trace holds one entry for each
   * rule that matched, in order, with the reason the full trace gives it: what recording the
   * firings of a received message needs, at about the cost of no trace.
   */
  public RoutingDecision routeExplainingMatches(RoutingInput input) {
    return route(input, false, null, true);
  }

  /**
   * Evaluates one rule alone (with trace), as the engine's tick does for a timed rule that is due:
   * other rules on the same trigger have their own {@code after}.
   *
   * @throws IllegalArgumentException if there is no rule {@code rule}
   */
  public RoutingDecision routeRule(String rule, RoutingInput input) {
    Objects.requireNonNull(rule, "rule");
    if (c.rules().stream().noneMatch(r -> r.name().equals(rule))) {
      throw new IllegalArgumentException("rule: unknown rule '" + rule + "', expected one of " + ruleNames());
    }
    return route(input, true, rule, false);
  }

  private RoutingDecision route(RoutingInput input, boolean explain, @Nullable String only,
      boolean explainMatches) {
    Objects.requireNonNull(input, "input");
    Eval e = new Eval(input);
    List<RuleTrace> trace = explain || explainMatches ? new ArrayList<>() : List.of();
    MessageAnalysis a = input.analysis();
    if (explain) {
      trace.add(new RuleTrace("analyzer", a != null, a != null
          ? "language " + e.language + ", sentiment " + e.sentiment.wire() + ", category " + e.category
          : NO_ANALYZER));
    }
    List<String> matched = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    String stoppedBy = null;
    // Without a trace, rules that do not run on the trigger or whose required keywords were not
    // found contribute nothing: skip them.
    int[] order;
    int count;
    if (explain || only != null) {
      order = explain ? allRules : rulesOn[input.trigger().ordinal()];
      count = order.length;
    } else {
      order = e.scratch.order;
      count = candidates(input.trigger(), e.keywordRules, order);
    }
    for (int k = 0; k < count; k++) {
      Rule r = rules[order[k]];
      if (only != null && !r.name().equals(only)) {
        continue;
      }
      if (stoppedBy != null) {
        if (explain) {
          trace.add(new RuleTrace(r.name(), false, "not evaluated: rule '" + stoppedBy + "' stopped evaluation"));
        }
        continue;
      }
      // Without a trace, order holds only rules that run on the trigger.
      if (explain && !runs(r, input.trigger())) {
        if (explain) {
          trace.add(new RuleTrace(r.name(), false, "runs on " + r.on().stream().map(Trigger::wire)
              .sorted().toList() + ", not on " + input.trigger().wire()));
        }
        continue;
      }
      boolean ok = r.when().test(e);
      if (explain || (explainMatches && ok)) {
        trace.add(new RuleTrace(r.name(), ok, r.when().explain(e)));
      }
      if (!ok) {
        continue;
      }
      matched.add(r.name());
      Rule.Actions t = r.then();
      if (t.team() != null) {
        e.team = t.team();
      }
      if (t.priority() != null) {
        e.priority = t.priority();
      }
      if (!t.labels().isEmpty()) {
        if (e.added == null) {
          e.added = new Labels(e.labels);
          e.labels = e.added;
        }
        for (String l : t.labels()) {
          e.added.add(l);
        }
      }
      if (t.assign() != null) {
        e.assign = t.assign();
      }
      if (Boolean.FALSE.equals(t.aiAllowed())) {
        forbidden.add("rule " + r.name());
      }
      if (t.reply() != null) {
        e.reply = t.reply();
      }
      for (String n : t.notifyTargets()) {
        if (!e.notify.contains(n)) {
          e.notify.add(n);
        }
      }
      if (t.escalation() != null) {
        e.escalation = t.escalation();
      }
      if (r.stop()) {
        stoppedBy = r.name();
      }
    }
    // The guard: after the rules, and nothing above can change what it finds.
    // A fresh, mutable list.
    List<String> reasons = AiBoundaryGuard.reasons(e.topics, input.vip(), a);
    if (a == null && e.sentiment == Sentiment.NEGATIVE && !reasons.contains(AiBoundaryGuard.NEGATIVE)) {
      reasons.add(AiBoundaryGuard.NEGATIVE);
    }
    if (explain) {
      trace.add(new RuleTrace("guard", !reasons.isEmpty(), reasons.isEmpty()
          ? "no refund, personal spiritual question, complaint, VIP or negative tone found"
          : "AI not allowed: " + String.join(", ", reasons) + guardHits(e.keywords)));
    }
    reasons.addAll(forbidden);
    String team = e.team != null ? e.team : (input.trigger() == Trigger.MESSAGE_RECEIVED
        || input.trigger() == Trigger.CONVERSATION_CREATED ? c.defaultTeam() : null);
    String reply = e.reply;
    if (AFTER_HOURS_NOTICE.equals(reply)) {
      String lang = input.contactLanguage() != null ? input.contactLanguage() : e.language;
      reply = notice(e.hours, input.at(), lang);
    }
    return new RoutingDecision(team, e.priority, e.added != null ? e.added.toSet() : e.labels, e.assign,
        reasons.isEmpty(), reasons, e.language, e.sentiment, e.category, e.afterHours, matched,
        reply, e.notify, e.escalation, trace);
  }

  /**
   * The rules on {@code trigger} that can match, in file order: those needing no keyword and
   * {@code keywordRules} (those whose required keywords were found).
   */
  private int candidates(Trigger trigger, BitSet keywordRules, int[] out) {
    BitSet rs = keywordRules;
    rs.or(keywordFreeOn[trigger.ordinal()]);
    rs.and(runOn[trigger.ordinal()]);
    int i = 0;
    for (int r = rs.nextSetBit(0); r >= 0; r = rs.nextSetBit(r + 1)) {
      out[i++] = r;
    }
    return i;
  }

  /** Whether {@code hours} are open {@code at}, remembering the last answer. */
  private boolean isOpen(BusinessHours hours, java.time.Instant at) {
    OpenAt last = lastOpen;
    if (last != null && last.hours() == hours && last.at().equals(at)) {
      return last.open();
    }
    boolean open = hours.isOpen(at);
    lastOpen = new OpenAt(hours, at, open);
    return open;
  }

  /** The after-hours notice text ({@link AfterHours#notice}), remembering the last one. */
  private @Nullable String notice(BusinessHours hours, java.time.Instant at, @Nullable String lang) {
    NoticeAt last = lastNotice;
    if (last != null && last.hours() == hours && last.at().equals(at) && Objects.equals(last.lang(), lang)) {
      return last.text();
    }
    String text = AfterHours.notice(hours.calendar(), at, lang).map(AfterHours.Notice::text).orElse(null);
    lastNotice = new NoticeAt(hours, at, lang, text);
    return text;
  }

  /** Business hours are immutable: the answer for one instant never changes. */
  private record OpenAt(BusinessHours hours, java.time.Instant at, boolean open) {}

  private record NoticeAt(BusinessHours hours, java.time.Instant at, @Nullable String lang, @Nullable String text) {}

  /**
   * The labels of one evaluation once rules add some: a handful of strings, so a list without
   * duplicates beats hashing; {@link #toSet} hands the decision an immutable set it keeps as is.
   */
  private static final class Labels extends java.util.AbstractSet<String> {
    private final List<String> list;

    Labels(Set<String> initial) {
      list = new ArrayList<>(initial.size() + 4);
      list.addAll(initial);
    }

    @Override
    public boolean add(String label) {
      if (list.contains(label)) {
        return false;
      }
      return list.add(label);
    }

    @Override
    public boolean contains(Object o) {
      return list.contains(o);
    }

    @Override
    public java.util.Iterator<String> iterator() {
      return list.iterator();
    }

    @Override
    public int size() {
      return list.size();
    }

    Set<String> toSet() {
      return Set.of(list.toArray(new String[0]));
    }
  }

  /** The buffers of one evaluation, kept per thread. */
  private static final class Scratch {
    final KeywordMatcher.Scan scan = new KeywordMatcher.Scan();
    final BitSet texts = new BitSet();
    final BitSet keywordRules = new BitSet();
    int[] order = new int[0];
  }

  private String guardHits(BitSet keywords) {
    List<String> hits = new ArrayList<>();
    c.guardIds().forEach((topic, ids) -> {
      for (int id : ids) {
        if (keywords.get(id)) {
          hits.add("'" + c.matcher().keyword(id) + "'");
        }
      }
    });
    return hits.isEmpty() ? "" : " (keywords " + String.join(", ", hits) + ")";
  }

  /** A new or reopened conversation is also a received message. */
  private static boolean runs(Rule r, Trigger t) {
    return r.on().contains(t) || ((t == Trigger.CONVERSATION_CREATED || t == Trigger.REOPENED)
        && r.on().contains(Trigger.MESSAGE_RECEIVED));
  }

  /** One evaluation's facts and the state the rules change. */
  private final class Eval implements Condition.Facts {
    final RoutingInput in;
    final BitSet keywords;
    /** The rules whose required keywords were found (by index; consumed by candidates). */
    final BitSet keywordRules;
    /** The text conditions (by slot) that hold. */
    final BitSet texts;
    /** The guard topics (and POSITIVE) whose keywords were found. */
    final int topics;
    final @Nullable String language;
    final Sentiment sentiment;
    final @Nullable String category;
    final BusinessHours hours;
    final boolean afterHours;
    final boolean question;
    @Nullable String team;
    Priority priority;
    /** The input's labels until a rule adds one, then {@link #added}. */
    Set<String> labels;
    /** The labels once a rule added one (the input's first). */
    @Nullable Labels added;
    @Nullable String assign;
    @Nullable String reply;
    final List<String> notify = new ArrayList<>();
    @Nullable String escalation;

    final Scratch scratch;

    Eval(RoutingInput in) {
      this.in = in;
      scratch = SCRATCH.get();
      if (scratch.order.length < rules.length) {
        scratch.order = new int[rules.length];
      }
      KeywordMatcher.Scan scan = c.matcher().scan(in.text(), scratch.scan);
      keywords = scan.found;
      texts = scratch.texts;
      texts.clear();
      int[][] slots = c.textSlots();
      keywordRules = scratch.keywordRules;
      keywordRules.clear();
      int found = 0;
      for (int id = keywords.nextSetBit(0); id >= 0; id = keywords.nextSetBit(id + 1)) {
        found |= keywordTopics[id];
        for (int slot : slots[id]) {
          texts.set(slot);
        }
        for (int r : rulesByKeyword[id]) {
          keywordRules.set(r);
        }
      }
      topics = found;
      question = in.text().indexOf('?') >= 0 || scan.firstAsks;
      MessageAnalysis a = in.analysis();
      String lang = a == null ? null : a.language();
      language = lang != null ? lang
          : FallbackAnalysis.language(scan.german, scan.english, scan.words, in.contactLanguage());
      if (a != null) {
        sentiment = a.sentiment();
      } else {
        sentiment = FallbackAnalysis.sentiment((topics & NEGATIVE_OR_COMPLAINT) != 0, (topics & POSITIVE) != 0);
      }
      category = a == null ? null : a.category();
      hours = businessHours(in.inbox());
      afterHours = !isOpen(hours, in.at());
      priority = in.priority();
      // Only asked for membership, and the decision copies it: order does not matter.
      labels = in.labels();
    }

    @Override
    public RoutingInput input() {
      return in;
    }

    @Override
    public BitSet keywords() {
      return keywords;
    }

    @Override
    public boolean textHit(int slot) {
      return texts.get(slot);
    }

    @Override
    public KeywordMatcher matcher() {
      return c.matcher();
    }

    @Override
    public boolean afterHours() {
      return afterHours;
    }

    @Override
    public boolean question() {
      return question;
    }

    @Override
    public Set<String> labels() {
      return labels;
    }

    @Override
    public @Nullable String value(String field) {
      return switch (field) {
        case "language" -> language;
        case "channel" -> in.channel() == null ? null : in.channel().wire();
        case "inbox" -> in.inbox();
        case "brand" -> in.brand();
        case "sentiment" -> sentiment.wire();
        case "category" -> category;
        case "priority" -> priority.wire();
        case "team" -> team;
        default -> null;
      };
    }
  }

  /** For tests: the compiled keyword lists by name. */
  Map<String, int[]> guardIds() {
    return c.guardIds();
  }
}
