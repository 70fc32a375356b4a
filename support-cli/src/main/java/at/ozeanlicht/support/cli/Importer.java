package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.ImportConversation;
import at.ozeanlicht.support.core.api.ImportResult;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.imports.ConversationJsonlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * Imports a JSONL file in two passes: the first reads every line and collects parse and workspace
 * problems without writing; the second imports the valid lines. Only line numbers are kept between
 * the passes, so memory stays flat however long the file is.
 */
final class Importer {
  /** Where the lines come from; opened once per pass. */
  interface Source {
    InputStream open() throws IOException;
  }

  /**
   * What the first pass found.
   *
   * @param lines non-blank lines read
   * @param valid line numbers that can be imported
   * @param problems every problem, each with source {@code line N}
   * @param invalidLines how many lines have problems
   */
  record Check(int lines, BitSet valid, List<FieldProblem> problems, int invalidLines) {
    int validLines() {
      return valid.cardinality();
    }
  }

  /**
   * What the second pass did.
   *
   * @param imported conversations written now
   * @param messages messages in the conversations written now
   * @param unchanged conversations imported before, left as they were
   * @param skipped invalid lines not imported
   * @param processedMessages messages in imported and unchanged conversations
   * @param nanos time both passes took
   */
  record Result(int imported, long messages, int unchanged, int skipped, long processedMessages, long nanos) {
    String summary() {
      double seconds = nanos / 1e9;
      double per = Math.max(seconds, 1e-3);
      int processed = imported + unchanged;
      return String.format(Locale.ROOT,
          "imported %d conversation%s (%d message%s), %d unchanged, %d skipped in %.1f s "
              + "(%.0f conversations/s, %.0f messages/s)",
          imported, imported == 1 ? "" : "s", messages, messages == 1 ? "" : "s", unchanged,
          skipped, seconds, processed / per, processedMessages / per);
    }
  }

  private final SupportEngine engine;
  private final Source source;
  private final long started = System.nanoTime();

  Importer(SupportEngine engine, Source source) {
    this.engine = engine;
    this.source = source;
  }

  /** First pass: parse every line and check it against the workspace; writes nothing. */
  Check check() {
    BitSet valid = new BitSet();
    List<FieldProblem> problems = new ArrayList<>();
    int lines = 0;
    int invalid = 0;
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(source.open())) {
      for (Optional<ConversationJsonlReader.Line> next = reader.next(); next.isPresent(); next = reader.next()) {
        ConversationJsonlReader.Line line = next.get();
        lines++;
        List<FieldProblem> found = line.problems();
        ImportConversation c = line.conversation();
        if (c != null) {
          found = new ArrayList<>();
          for (FieldProblem p : engine.checkImport(c)) {
            found.add(new FieldProblem(line.source(), p.field(), p.message()));
          }
        }
        if (found.isEmpty()) {
          valid.set(line.number());
        } else {
          invalid++;
          problems.addAll(found);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return new Check(lines, valid, problems, invalid);
  }

  /**
   * Conversations written per transaction in the second pass (COPY, see {@link
   * SupportEngine#importConversationsBulk}): large enough that the per-transaction work (look-ups,
   * sequence draws, commit) is small beside the rows, small enough to keep memory flat.
   */
  static final int BATCH = 1000;

  /** Second pass: imports the lines the check found valid, {@link #BATCH} per transaction. */
  Result importValid(Check check, @Nullable ProgressBarBuilder progress) {
    Counts counts = new Counts(check.invalidLines());
    List<ImportConversation> batch = new ArrayList<>(BATCH);
    try (ConversationJsonlReader reader = ConversationJsonlReader.of(source.open());
        ProgressBar bar = progress == null ? null : progress.setInitialMax(check.validLines()).build()) {
      for (Optional<ConversationJsonlReader.Line> next = reader.next(); next.isPresent(); next = reader.next()) {
        ConversationJsonlReader.Line line = next.get();
        if (!check.valid().get(line.number())) {
          continue;
        }
        ImportConversation c = line.conversation();
        if (c == null) {
          // The file changed between the passes; do not import what was not checked.
          counts.skipped++;
          continue;
        }
        batch.add(c);
        if (batch.size() == BATCH) {
          flush(batch, counts, bar);
        }
      }
      flush(batch, counts, bar);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    return new Result(counts.imported, counts.messages, counts.unchanged, counts.skipped,
        counts.processedMessages, System.nanoTime() - started);
  }

  private void flush(List<ImportConversation> batch, Counts counts, @Nullable ProgressBar bar) {
    if (batch.isEmpty()) {
      return;
    }
    for (ImportResult r : engine.importConversationsBulk(batch)) {
      counts.processedMessages += r.messages();
      if (r.created()) {
        counts.imported++;
        counts.messages += r.messages();
      } else {
        counts.unchanged++;
      }
    }
    if (bar != null) {
      bar.stepBy(batch.size());
    }
    batch.clear();
  }

  /** Running totals of the second pass. */
  private static final class Counts {
    int imported;
    int unchanged;
    int skipped;
    long messages;
    long processedMessages;

    Counts(int skipped) {
      this.skipped = skipped;
    }
  }

  /** A progress bar on the terminal's stderr, or null when no terminal is attached. */
  static @Nullable ProgressBarBuilder progress(Environment env) {
    if (!env.interactive()) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("import").setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).setUnit(" conv", 1).showSpeed().continuousUpdate();
  }
}
