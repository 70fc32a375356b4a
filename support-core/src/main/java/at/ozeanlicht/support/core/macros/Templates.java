package at.ozeanlicht.support.core.macros;

import at.ozeanlicht.support.core.api.ValidationException;
import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.node.ArgumentsNode;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.IfNode;
import io.pebbletemplates.pebble.node.NamedArgumentNode;
import io.pebbletemplates.pebble.node.PositionalArgumentNode;
import io.pebbletemplates.pebble.node.PrintNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.RootNode;
import io.pebbletemplates.pebble.node.TestInvocationExpression;
import io.pebbletemplates.pebble.node.TextNode;
import io.pebbletemplates.pebble.node.expression.AndExpression;
import io.pebbletemplates.pebble.node.expression.NegativeTestExpression;
import io.pebbletemplates.pebble.node.expression.PositiveTestExpression;
import io.pebbletemplates.pebble.node.expression.BinaryExpression;
import io.pebbletemplates.pebble.node.expression.ContextVariableExpression;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.node.expression.FilterExpression;
import io.pebbletemplates.pebble.node.expression.FilterInvocationExpression;
import io.pebbletemplates.pebble.node.expression.GetAttributeExpression;
import io.pebbletemplates.pebble.node.expression.LiteralBooleanExpression;
import io.pebbletemplates.pebble.node.expression.LiteralDoubleExpression;
import io.pebbletemplates.pebble.node.expression.LiteralIntegerExpression;
import io.pebbletemplates.pebble.node.expression.LiteralLongExpression;
import io.pebbletemplates.pebble.node.expression.LiteralNullExpression;
import io.pebbletemplates.pebble.node.expression.LiteralStringExpression;
import io.pebbletemplates.pebble.node.expression.TernaryExpression;
import io.pebbletemplates.pebble.node.expression.UnaryExpression;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.utils.Pair;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks and renders canned-response and note templates with <a
 * href="https://pebbletemplates.io">Pebble</a>: {@code {{ contact.firstName }}}, fallbacks with
 * the {@code default} filter ({@code {{ contact.firstName | default('du') }}}), other built-in
 * filters and {@code {% if %}}; no other tags, no functions, no HTML escaping (texts are plain).
 *
 * <p>Variables: {@code contact.} {@code id}, {@code name}, {@code firstName}, {@code lastName},
 * {@code email}, {@code phone}, {@code language}, {@code vip}, {@code attributes.<name>}; {@code
 * agent.} {@code id}, {@code name}, {@code firstName}; {@code conversation.} {@code id}, {@code
 * number}, {@code inbox}, {@code channel}, {@code team}, {@code assignee}, {@code status}, {@code
 * priority}, {@code attributes.<name>}; {@code brand.} {@code id}, {@code name}; {@code
 * survey.link}; and the host context variables a workspace declares. Anything else is an error
 * found by {@link #check}, so a workspace with a typo never loads.
 *
 * <p>Rendering is strict: a variable without a value and without a {@code default} fails with a
 * {@link ValidationException} naming it. Thread-safe; compiled templates are cached.
 */
public final class Templates {
  private static final PebbleEngine PEBBLE = new PebbleEngine.Builder()
      .loader(new StringLoader())
      .strictVariables(true)
      .autoEscaping(false)
      .newLineTrimming(false)
      .cacheActive(true)
      .build();

  /** Known fields per built-in namespace; {@code attributes} takes any name below it. */
  static final Map<String, List<String>> BUILT_IN = builtIn();
  private static final String ATTRIBUTES = "attributes";

  private Templates() {}

  private static Map<String, List<String>> builtIn() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("contact", List.of("id", "name", "firstName", "lastName", "email", "phone", "language",
        "vip", ATTRIBUTES));
    m.put("agent", List.of("id", "name", "firstName"));
    m.put("conversation", List.of("id", "number", "inbox", "channel", "team", "assignee",
        "status", "priority", ATTRIBUTES));
    m.put("brand", List.of("id", "name"));
    m.put("survey", List.of("link"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The built-in namespaces, which host context must not redefine. */
  public static Set<String> builtInNamespaces() {
    return BUILT_IN.keySet();
  }

  /**
   * Every problem with {@code template}: syntax errors, unsupported tags or functions, unknown
   * variables. Empty when the template is fine.
   *
   * @param hostContext the host context variables allowed, by namespace
   */
  public static List<String> check(String template, Map<String, List<String>> hostContext) {
    List<String> problems = new ArrayList<>();
    RootNode root;
    try {
      root = compile(template);
    } catch (PebbleException e) {
      problems.add("invalid template: " + describe(e));
      return problems;
    }
    Walker w = new Walker(problems);
    w.body(root.getBody(), false);
    for (Ref r : w.refs) {
      String unknown = unknown(r.path, hostContext);
      if (unknown != null) {
        problems.add(unknown);
      }
    }
    return List.copyOf(new LinkedHashSet<>(problems));
  }

  /**
   * Renders {@code template}. The template must have passed {@link #check}.
   *
   * @throws ValidationException naming the first variable without a value or fallback, with
   *     field {@code variables.<name>}
   */
  public static String render(String template, TemplateContext context) {
    Map<String, Object> model = model(context);
    RootNode root;
    try {
      root = compile(template);
    } catch (PebbleException e) {
      throw ValidationException.of("template", "invalid template: " + describe(e));
    }
    Walker w = new Walker(new ArrayList<>());
    w.body(root.getBody(), false);
    List<String> missing = new ArrayList<>();
    for (Ref r : w.refs) {
      if (!r.optional && lookup(model, r.path) == null) {
        missing.add(r.path);
      }
    }
    if (!missing.isEmpty()) {
      String name = missing.get(0);
      throw ValidationException.of("variables." + name, "no value for {{ " + name
          + " }} and the template has no fallback; add one like {{ " + name
          + " | default('...') }} or provide the value");
    }
    try {
      StringWriter out = new StringWriter();
      PEBBLE.getTemplate(template).evaluate(out, model, Locale.ROOT);
      return out.toString();
    } catch (PebbleException e) {
      throw ValidationException.of("template", "cannot be rendered: " + describe(e));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string failed", e);
    }
  }

  private static RootNode compile(String template) {
    PebbleTemplate t = PEBBLE.getTemplate(template);
    return (RootNode) ((PebbleTemplateImpl) t).getRootNode();
  }

  private static String describe(PebbleException e) {
    String m = e.getPebbleMessage();
    Integer line = e.getLineNumber();
    return (m == null ? e.getClass().getSimpleName() : m) + (line == null ? "" : " (line " + line + ")");
  }

  private static @Nullable String unknown(String path, Map<String, List<String>> host) {
    String[] parts = path.split("\\.", -1);
    String ns = parts[0];
    List<String> fields = BUILT_IN.get(ns);
    if (fields == null) {
      fields = host.get(ns);
    }
    if (fields == null) {
      List<String> known = new ArrayList<>(BUILT_IN.keySet());
      known.addAll(host.keySet());
      return "unknown variable '" + path + "', expected a name in one of the namespaces "
          + String.join(", ", known);
    }
    String expected = "expected one of " + String.join(", ", fields.stream()
        .map(f -> ns + "." + (f.equals(ATTRIBUTES) ? ATTRIBUTES + ".<name>" : f)).toList());
    if (parts.length == 1) {
      return "variable '" + path + "' must name a field, " + expected;
    }
    String field = parts[1];
    if (!fields.contains(field)) {
      return "unknown variable '" + path + "', " + expected;
    }
    boolean isAttributes = field.equals(ATTRIBUTES) && BUILT_IN.containsKey(ns);
    if (isAttributes ? parts.length != 3 : parts.length != 2) {
      return "variable '" + path + "' is not a value, " + expected;
    }
    return null;
  }

  /** A variable path used in a template, and whether a {@code default} filter guards it. */
  private record Ref(String path, boolean optional) {}

  /** Collects variable references; reports constructs outside the supported subset. */
  private static final class Walker {
    final List<String> problems;
    final List<Ref> refs = new ArrayList<>();
    /** Paths an enclosing {@code {% if x is defined %}} guards. */
    final java.util.Deque<Set<String>> guarded = new java.util.ArrayDeque<>();

    Walker(List<String> problems) {
      this.problems = problems;
    }

    void body(@Nullable BodyNode body, boolean optional) {
      if (body == null) {
        return;
      }
      for (RenderableNode n : body.getChildren()) {
        if (n instanceof TextNode) {
          continue;
        }
        if (n instanceof PrintNode p) {
          expression(p.getExpression(), optional);
        } else if (n instanceof IfNode i) {
          for (Pair<Expression<?>, BodyNode> branch : i.getConditionsWithBodies()) {
            expression(branch.getLeft(), optional);
            guarded.push(definedTests(branch.getLeft()));
            body(branch.getRight(), optional);
            guarded.pop();
          }
          body(i.getElseBody(), optional);
        } else {
          problems.add("unsupported tag " + n.getClass().getSimpleName().replace("Node", "")
              .toLowerCase(Locale.ROOT) + ", only {{ }} and {% if %} are allowed");
        }
      }
    }

    void expression(@Nullable Expression<?> e, boolean optional) {
      if (e == null || e instanceof LiteralStringExpression || e instanceof LiteralBooleanExpression
          || e instanceof LiteralIntegerExpression || e instanceof LiteralLongExpression
          || e instanceof LiteralDoubleExpression || e instanceof LiteralNullExpression) {
        return;
      }
      if (e instanceof ContextVariableExpression || e instanceof GetAttributeExpression) {
        String path = path(e);
        if (path != null) {
          boolean isGuarded = guarded.stream().anyMatch(g -> g.contains(path));
          refs.add(new Ref(path, optional || isGuarded));
        }
        return;
      }
      if (e instanceof PositiveTestExpression || e instanceof NegativeTestExpression) {
        BinaryExpression<?> b = (BinaryExpression<?>) e;
        TestInvocationExpression test = (TestInvocationExpression) b.getRightExpression();
        expression(b.getLeftExpression(), optional || test.getTestName().equals("defined"));
        arguments(test.getArgs(), optional);
        return;
      }
      if (e instanceof FilterExpression f) {
        FilterInvocationExpression invocation = (FilterInvocationExpression) f.getRightExpression();
        expression(f.getLeftExpression(), optional || invocation.getFilterName().equals("default"));
        arguments(invocation.getArgs(), optional);
        return;
      }
      if (e instanceof BinaryExpression<?> b) {
        expression(b.getLeftExpression(), optional);
        expression(b.getRightExpression(), optional);
        return;
      }
      if (e instanceof UnaryExpression u) {
        expression(u.getChildExpression(), optional);
        return;
      }
      if (e instanceof TernaryExpression t) {
        expression(t.getExpression1(), optional);
        expression(t.getExpression2(), optional);
        expression(t.getExpression3(), optional);
        return;
      }
      problems.add("unsupported expression " + e.getClass().getSimpleName().replace("Expression", "")
          + ", only variables, literals and filters are allowed");
    }

    /** The paths {@code e} tests with {@code is defined} (joined by {@code and}). */
    private Set<String> definedTests(Expression<?> e) {
      Set<String> out = new java.util.HashSet<>();
      if (e instanceof PositiveTestExpression p
          && p.getRightExpression() instanceof TestInvocationExpression t
          && t.getTestName().equals("defined")
          && (p.getLeftExpression() instanceof ContextVariableExpression
              || p.getLeftExpression() instanceof GetAttributeExpression)) {
        String path = path(p.getLeftExpression());
        if (path != null) {
          out.add(path);
        }
      } else if (e instanceof AndExpression a) {
        out.addAll(definedTests(a.getLeftExpression()));
        out.addAll(definedTests(a.getRightExpression()));
      }
      return out;
    }

    private void arguments(@Nullable ArgumentsNode args, boolean optional) {
      if (args == null) {
        return;
      }
      if (args.getPositionalArgs() != null) {
        for (PositionalArgumentNode a : args.getPositionalArgs()) {
          expression(a.getValueExpression(), optional);
        }
      }
      if (args.getNamedArgs() != null) {
        for (NamedArgumentNode a : args.getNamedArgs()) {
          expression(a.getValueExpression(), optional);
        }
      }
    }

    private @Nullable String path(Expression<?> e) {
      if (e instanceof ContextVariableExpression v) {
        return v.getName();
      }
      GetAttributeExpression g = (GetAttributeExpression) e;
      if (g.getArgumentsNode() != null) {
        problems.add("method calls are not allowed in templates");
        return null;
      }
      if (!(g.getAttributeNameExpression() instanceof LiteralStringExpression name)) {
        problems.add("attribute names must be written out, e.g. contact.attributes.plan");
        return null;
      }
      if (!(g.getNode() instanceof ContextVariableExpression)
          && !(g.getNode() instanceof GetAttributeExpression)) {
        expression(g.getNode(), false);
        return null;
      }
      String parent = path(g.getNode());
      return parent == null ? null : parent + "." + name.getValue();
    }
  }

  // ---------------------------------------------------------------- the model

  @SuppressWarnings("unchecked")
  private static @Nullable Object lookup(Map<String, Object> model, String path) {
    Object current = model;
    for (String part : path.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = ((Map<String, Object>) m).get(part);
    }
    return current;
  }

  static Map<String, Object> model(TemplateContext c) {
    Map<String, Object> model = new LinkedHashMap<>();
    Contact contact = c.contact();
    if (contact != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      put(m, "id", contact.id().toString());
      put(m, "name", contact.name());
      put(m, "firstName", firstName(contact.name()));
      put(m, "lastName", lastName(contact.name()));
      put(m, "email", contact.email());
      put(m, "phone", contact.phone());
      put(m, "language", contact.language());
      m.put("vip", contact.vip());
      m.put(ATTRIBUTES, new LinkedHashMap<String, Object>(contact.attributes()));
      model.put("contact", m);
    }
    Agent agent = c.agent();
    if (agent != null) {
      model.put("agent", Map.of("id", agent.id(), "name", agent.name(),
          "firstName", firstName(agent.name())));
    }
    Conversation conv = c.conversation();
    if (conv != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", conv.id().toString());
      m.put("number", conv.number());
      m.put("inbox", conv.inbox());
      put(m, "channel", c.channel() == null ? null : c.channel().wire());
      put(m, "team", conv.team());
      put(m, "assignee", conv.assignee());
      m.put("status", conv.status().wire());
      m.put("priority", conv.priority().wire());
      m.put(ATTRIBUTES, new LinkedHashMap<String, Object>(conv.attributes()));
      model.put("conversation", m);
    }
    if (c.brand() != null) {
      model.put("brand", Map.of("id", c.brand().id(), "name", c.brand().name()));
    }
    for (Map.Entry<String, String> v : c.values().entrySet()) {
      int dot = v.getKey().indexOf('.');
      if (dot <= 0 || v.getKey().indexOf('.', dot + 1) >= 0 || v.getValue() == null) {
        continue; // only namespace.key values can be used; checked templates use no others
      }
      String ns = v.getKey().substring(0, dot);
      if (BUILT_IN.containsKey(ns) && !ns.equals("survey")) {
        continue; // host values never shadow what the engine knows
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) model.computeIfAbsent(ns, k -> new LinkedHashMap<>());
      m.put(v.getKey().substring(dot + 1), v.getValue());
    }
    return model;
  }

  private static void put(Map<String, Object> m, String key, @Nullable Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  static @Nullable String firstName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    return name.strip().split("\\s+")[0];
  }

  static @Nullable String lastName(@Nullable String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String[] parts = name.strip().split("\\s+", 2);
    return parts.length < 2 ? null : parts[1];
  }
}
