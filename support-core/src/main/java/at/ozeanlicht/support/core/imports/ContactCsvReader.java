package at.ozeanlicht.support.core.imports;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ImportContact;
import at.ozeanlicht.support.core.domain.ChannelType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Reads contacts to import from CSV (RFC 4180, UTF-8, a header row) with Apache Commons CSV.
 * Columns (names are a public contract, order is free): {@code channel} and {@code externalId}
 * (required), {@code name}, {@code email}, {@code phone}, {@code language}, {@code vip} ({@code
 * true}/{@code false}, empty = false). Every problem of the whole file is collected, each with
 * source {@code line N} (the header is line 1; a quoted field spanning lines counts as one) and the
 * column name; a caller writes nothing when there is any.
 *
 * <p>Refused: unknown or duplicate columns, a missing required column, control characters,
 * fields longer than their limit, malformed e-mail, phone, language, vip, an unknown channel, the
 * same channel id twice, more than {@link #MAX_ROWS} rows, bytes that are not UTF-8. A leading
 * {@code '} before {@code = + - @} (how {@link ContactCsvWriter} defuses spreadsheet formulas) is
 * removed again, so export and import round-trip.
 */
public final class ContactCsvReader {
  /** The columns, in the order the writer uses. */
  public static final List<String> COLUMNS = List.of("channel", "externalId", "name", "email", "phone",
      "language", "vip");
  /** At most this many rows per file. */
  public static final int MAX_ROWS = 1_000_000;
  private static final int MAX_FIELD = 256;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
  /** A phone number as both import formats accept it (the JSONL reader shares it). */
  static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{2,31}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setAllowMissingColumnNames(false)
      .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.DISALLOW).get();

  private ContactCsvReader() {}

  /**
   * What a file holds.
   *
   * @param contacts the rows, valid or not, in file order (meaningful only without problems)
   * @param problems every problem found
   */
  public record Result(List<ImportContact> contacts, List<FieldProblem> problems) {
    /** Copies the lists. */
    public Result {
      contacts = List.copyOf(contacts);
      problems = List.copyOf(problems);
    }
  }

  /** Reads UTF-8 bytes strictly: malformed bytes are a problem naming the line reached. */
  public static Result read(InputStream in) throws IOException {
    return read(new InputStreamReader(Objects.requireNonNull(in, "in"), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
  }

  /** Reads characters; every problem of the file is collected. */
  public static Result read(Reader in) throws IOException {
    List<FieldProblem> problems = new ArrayList<>();
    List<ImportContact> rows = new ArrayList<>();
    CSVParser parser;
    try {
      parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
    } catch (CharacterCodingException e) {
      return new Result(List.of(), List.of(new FieldProblem("line 1", "file", "not valid UTF-8")));
    } catch (org.apache.commons.csv.CSVException e) { // e.g. an unclosed quote in the header (Jazzer)
      return new Result(List.of(), List.of(new FieldProblem("line 1", "header", "malformed CSV: "
          + clean(e.getMessage()))));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return new Result(List.of(), List.of(new FieldProblem("line 1", "header", clean(e.getMessage()))));
    }
    try (parser) {
      List<String> header = parser.getHeaderNames();
      Set<String> unknown = header.stream().filter(h -> !COLUMNS.contains(h)).collect(Collectors.toSet());
      for (String h : header) {
        if (unknown.contains(h)) {
          problems.add(new FieldProblem("line 1", h.isEmpty() ? "header" : h,
              "unknown column; expected " + String.join(", ", COLUMNS)));
        }
      }
      for (String required : List.of("channel", "externalId")) {
        if (!header.contains(required)) {
          problems.add(new FieldProblem("line 1", required, "required column is missing"));
        }
      }
      if (!problems.isEmpty()) {
        return new Result(List.of(), problems);
      }
      Set<String> seen = new HashSet<>();
      long line = 1;
      try {
        for (CSVRecord r : parser) {
          line = r.getRecordNumber() + 1;
          if (rows.size() >= MAX_ROWS) {
            problems.add(new FieldProblem("line " + line, "file", "more than " + MAX_ROWS + " rows"));
            break;
          }
          ImportContact row = row(r, "line " + line, header, problems, seen);
          if (row != null) {
            rows.add(row);
          }
        }
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof CharacterCodingException) {
          problems.add(new FieldProblem("line " + (line + 1), "file", "not valid UTF-8"));
        } else {
          problems.add(new FieldProblem("line " + (line + 1), "file", "malformed CSV: " + clean(e.getMessage())));
        }
      }
    }
    return new Result(rows, problems);
  }

  private static @Nullable ImportContact row(CSVRecord r, String source, List<String> header,
      List<FieldProblem> problems, Set<String> seen) {
    int before = problems.size();
    if (!r.isConsistent()) {
      problems.add(new FieldProblem(source, "row", "has " + r.size() + " fields, the header has " + header.size()));
      return null;
    }
    String channelText = field(r, "channel", source, problems);
    ChannelType channel = null;
    if (channelText == null) {
      problems.add(new FieldProblem(source, "channel", "is required: one of " + channels()));
    } else {
      channel = Arrays.stream(ChannelType.values()).filter(c -> c.wire().equals(channelText)).findFirst().orElse(null);
      if (channel == null) {
        problems.add(new FieldProblem(source, "channel", "must be one of " + channels() + ", was '"
            + shown(channelText) + "'"));
      }
    }
    String externalId = field(r, "externalId", source, problems);
    if (externalId == null) {
      problems.add(new FieldProblem(source, "externalId", "is required: the contact's id on the channel"));
    } else if (channel != null && !seen.add(channel.wire() + ":" + externalId)) {
      problems.add(new FieldProblem(source, "externalId", "duplicate: " + channel.wire() + " id '"
          + shown(externalId) + "' appears on an earlier line"));
    }
    String name = field(r, "name", source, problems);
    String email = checked(field(r, "email", source, problems), EMAIL, "email",
        "an e-mail address like name@example.org", source, problems);
    String phone = checked(field(r, "phone", source, problems), PHONE, "phone",
        "a phone number of digits, spaces and + ( ) . / -", source, problems);
    String language = checked(field(r, "language", source, problems), LANGUAGE, "language",
        "a two-letter lower-case ISO 639-1 code like de", source, problems);
    String vipText = field(r, "vip", source, problems);
    boolean vip = false;
    if (vipText != null) {
      switch (vipText.toLowerCase(Locale.ROOT)) {
        case "true" -> vip = true;
        case "false" -> vip = false;
        default -> problems.add(new FieldProblem(source, "vip", "must be true, false or empty, was '"
            + shown(vipText) + "'"));
      }
    }
    if (problems.size() > before || channel == null || externalId == null) {
      return null;
    }
    return new ImportContact(channel, externalId, name, email, phone, language, vip);
  }

  /** The column's value with a defused formula restored; null when the column is absent or empty. */
  private static @Nullable String field(CSVRecord r, String column, String source, List<FieldProblem> problems) {
    if (!r.isMapped(column) || !r.isSet(column)) {
      return null;
    }
    String v = r.get(column).strip();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > 1 && v.charAt(0) == '\'' && ContactCsvWriter.FORMULA_START.indexOf(v.charAt(1)) >= 0) {
      v = v.substring(1);
    }
    if (v.length() > MAX_FIELD) {
      problems.add(new FieldProblem(source, column, "must be at most " + MAX_FIELD + " characters, was " + v.length()));
      return null;
    }
    int bad = TextChecks.firstControl(v);
    if (bad >= 0) {
      problems.add(new FieldProblem(source, column, "must not contain control characters, found "
          + TextChecks.codePoint(v, bad) + " at position " + (bad + 1)));
      return null;
    }
    return v;
  }

  private static @Nullable String checked(@Nullable String v, Pattern p, String column, String expected,
      String source, List<FieldProblem> problems) {
    if (v != null && !p.matcher(v).matches()) {
      problems.add(new FieldProblem(source, column, "must be " + expected + ", was '" + shown(v) + "'"));
      return null;
    }
    return v;
  }

  private static String channels() {
    return Arrays.stream(ChannelType.values()).map(ChannelType::wire).collect(Collectors.joining(", "));
  }

  private static String shown(String v) {
    return v.length() > 60 ? v.substring(0, 60) + "…" : v;
  }

  private static String clean(@Nullable String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }
}
