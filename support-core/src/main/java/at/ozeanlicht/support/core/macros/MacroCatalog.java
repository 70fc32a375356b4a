package at.ozeanlicht.support.core.macros;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The canned responses and macros of a workspace, and the host context variables their templates
 * may use.
 *
 * @param context host context variables by namespace: {@code course -> [module, title]} allows
 *     {@code {{ course.module }}}; the values come from the engine's {@link
 *     at.ozeanlicht.support.core.spi.ContextProvider}
 * @param canned canned responses, shortcuts unique
 * @param macros macros, names unique
 */
public record MacroCatalog(
    Map<String, List<String>> context, List<CannedResponse> canned, List<Macro> macros) {
  private static final MacroCatalog EMPTY = new MacroCatalog(Map.of(), List.of(), List.of());

  /** Copies the collections. */
  public MacroCatalog {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    context.forEach((k, v) -> copy.put(Objects.requireNonNull(k), List.copyOf(v)));
    context = java.util.Collections.unmodifiableMap(copy);
    canned = List.copyOf(canned);
    macros = List.copyOf(macros);
  }

  /** No canned responses, no macros. */
  public static MacroCatalog empty() {
    return EMPTY;
  }

  /** The canned response with this shortcut; the leading slash may be left out. */
  public Optional<CannedResponse> canned(String shortcut) {
    String wanted = shortcut.startsWith("/") ? shortcut : "/" + shortcut;
    return canned.stream().filter(c -> c.shortcut().equals(wanted)).findFirst();
  }

  /** The macro with this name. */
  public Optional<Macro> macro(String name) {
    return macros.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
