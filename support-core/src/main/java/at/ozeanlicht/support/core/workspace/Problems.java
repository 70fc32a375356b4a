package at.ozeanlicht.support.core.workspace;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the problems of one file. Keeps the first problem per field: once a field is known to be
 * wrong (say, not a list), later checks of the same field would only repeat the news.
 */
final class Problems {
  private final String source;
  private final Map<String, FieldProblem> byField = new LinkedHashMap<>();

  Problems(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  /** Records a problem unless {@code field} already has one; an empty field means the file. */
  void add(String field, String message) {
    String key = field.isEmpty() ? source : field;
    byField.putIfAbsent(key, new FieldProblem(source, key, message));
  }

  void clear() {
    byField.clear();
  }

  boolean isEmpty() {
    return byField.isEmpty();
  }

  List<FieldProblem> list() {
    return new ArrayList<>(byField.values());
  }

  void throwIfAny() {
    if (!byField.isEmpty()) {
      throw new ValidationException(list());
    }
  }
}
