package at.ozeanlicht.support.core.workspace;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a spec type. Jackson stops at the first problem by default; the handler
 * below records unknown keys and wrong types with their path and lets parsing go on, so one run
 * reports them all. Only YAML syntax errors end the read early.
 */
final class SpecReader {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          // Bind fields only: the spec classes are plain field holders.
          .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .build();

  private SpecReader() {}

  /**
   * The spec, or null when the text could not be read into one; problems go to {@code problems}.
   */
  static <T> @Nullable T read(String yaml, Class<T> type, Problems problems) {
    ObjectReader reader = MAPPER.readerFor(type).withHandler(new Collector(problems));
    try {
      return reader.readValue(yaml);
    } catch (JsonProcessingException e) {
      // Databind wraps parser errors met inside a value, so look for the parser's own error.
      StreamReadException syntax = cause(e, StreamReadException.class);
      if (syntax != null) {
        // Whatever was reported before may be an echo of the broken syntax; report the cause only.
        problems.clear();
        problems.add("", syntaxMessage(syntax));
      } else if (e instanceof JsonMappingException m && isEmptyContent(m)) {
        problems.add("", "is empty, expected a mapping of workspace settings");
      } else if (e instanceof MismatchedInputException m
          && Objects.requireNonNullElse(m.getOriginalMessage(), "").startsWith("Trailing token")) {
        problems.add("", "must hold a single YAML document, found another" + at(m.getLocation()));
      } else if (e instanceof JsonMappingException m) {
        // A mapping problem the handler could not absorb; still name the field.
        problems.add(path(m.getPath()), firstLine(m.getOriginalMessage()) + at(m.getLocation()));
      } else {
        problems.add(
            "", "cannot be read" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
      }
      return null;
    }
  }

  private static String syntaxMessage(StreamReadException e) {
    MarkedYAMLException yaml = cause(e, MarkedYAMLException.class);
    if (yaml == null || yaml.getProblemMark() == null || yaml.getProblem() == null) {
      return "invalid YAML" + at(e.getLocation()) + ": " + firstLine(e.getOriginalMessage());
    }
    StringBuilder sb = new StringBuilder("invalid YAML");
    sb.append(at(yaml.getProblemMark())).append(": ").append(yaml.getProblem());
    if (yaml.getContext() != null && yaml.getContextMark() != null) {
      sb.append(" (")
          .append(yaml.getContext())
          .append(" that starts")
          .append(at(yaml.getContextMark()))
          .append(')');
    }
    return sb.toString();
  }

  private static String at(Mark mark) {
    return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static <X extends Throwable> @Nullable X cause(Throwable t, Class<X> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static boolean isEmptyContent(JsonMappingException e) {
    String message = Objects.requireNonNullElse(e.getOriginalMessage(), "");
    return e.getPath().isEmpty() && message.startsWith("No content to map");
  }

  private static String at(@Nullable JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "syntax error";
    }
    // SnakeYAML messages run over several lines with a code excerpt; the first says what.
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(message);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** The path of the value the parser is at, e.g. {@code agents[0].teams[1]}. */
  static String path(JsonParser p) {
    JsonStreamContext ctx = p.getParsingContext();
    JsonToken token = p.currentToken();
    // On a START token the context is already the new child; the value's own slot is its parent.
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        && ctx.getParent() != null) {
      ctx = ctx.getParent();
    }
    Deque<String> parts = new ArrayDeque<>();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push("." + c.getCurrentName());
      } else if (c.inArray() && c.getCurrentIndex() >= 0) {
        parts.push("[" + c.getCurrentIndex() + "]");
      }
    }
    String joined = String.join("", parts);
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  /** Describes what the parser is at, for "was ..." in messages. */
  private static String found(JsonParser p, @Nullable JsonToken token) throws IOException {
    if (token == null) {
      return "nothing";
    }
    switch (token) {
      case START_ARRAY:
        return "a list";
      case START_OBJECT:
        return "a mapping";
      case VALUE_NULL:
        return "empty";
      default:
        return "'" + p.getText() + "'";
    }
  }

  private static String expected(Class<?> type) {
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    } else if (type == String.class) {
      return "a text";
    } else if (type == BigDecimal.class || type == Integer.class || type == int.class) {
      return "a whole number";
    } else if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }

  private static final class Collector extends DeserializationProblemHandler {
    private final Problems problems;

    Collector(Problems problems) {
      this.problems = problems;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      String known =
          deserializer.getKnownPropertyNames().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      problems.add(path(p), "unknown field '" + propertyName + "', expected one of " + known);
      p.skipChildren();
      return true;
    }

    @Override
    public @Nullable Object handleUnexpectedToken(
        DeserializationContext ctxt,
        JavaType targetType,
        JsonToken t,
        JsonParser p,
        String failureMsg)
        throws IOException {
      return skip(p, targetType.getRawClass(), found(p, t));
    }

    @Override
    public @Nullable Object handleWeirdStringValue(
        DeserializationContext ctxt, Class<?> targetType, String valueToConvert, String failureMsg)
        throws IOException {
      return skip(ctxt.getParser(), targetType, "'" + valueToConvert + "'");
    }

    @Override
    public @Nullable Object handleWeirdNumberValue(
        DeserializationContext ctxt, Class<?> targetType, Number valueToConvert, String failureMsg)
        throws IOException {
      return skip(ctxt.getParser(), targetType, String.valueOf(valueToConvert));
    }

    @Override
    public @Nullable Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator valueInsts,
        JsonParser p,
        String msg)
        throws IOException {
      return skip(p, instClass, found(p, p.currentToken()));
    }

    private @Nullable Object skip(JsonParser p, Class<?> target, String found) throws IOException {
      problems.add(path(p), "must be " + expected(target) + ", was " + found);
      p.skipChildren();
      return null;
    }
  }
}
