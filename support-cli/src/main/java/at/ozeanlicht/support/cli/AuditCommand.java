package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.AuditEntry;
import at.ozeanlicht.support.core.api.FindAudit;
import at.ozeanlicht.support.core.api.SupportEngine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support audit --conversation ID | --actor A | --since T [--json]}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {
      "Show the append-only audit log: who changed what and when, with before/after of changed fields,",
      "every export of personal data and every access denial (action, resource, reason).",
      "Oldest first. Give at least one filter."
    })
final class AuditCommand implements Callable<Integer> {
  static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The action of an access denial's entry (its data: action, resource, reason). */
  static final String DENIED = "access.denied";

  @ParentCommand SupportCommand root;
  @Spec CommandSpec spec;

  @Option(names = "--conversation", paramLabel = "ID", description = "Entries about this conversation (4711, #4711 or UUID).")
  @Nullable String conversation;

  @Option(names = "--contact", paramLabel = "UUID", description = "Entries about this contact and their conversations.")
  @Nullable UUID contact;

  @Option(names = "--actor", paramLabel = "A", description = "Entries by this actor: an agent handle, system or a service name.")
  @Nullable String actor;

  @Option(names = "--since", paramLabel = "T", description = "Entries at or after T (2026-11-23 or 2026-11-23T09:00:00Z).")
  @Nullable String since;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N entries (default 1000).")
  int limit;

  @Option(names = "--json", description = "Print the entries as a JSON array.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (conversation == null && contact == null && actor == null && since == null) {
      throw new ParameterException(spec.commandLine(), "give --conversation, --contact, --actor or --since");
    }
    if (limit < 1 || limit > 100_000) {
      throw new ParameterException(spec.commandLine(), "--limit: must be between 1 and 100000, was " + limit);
    }
    Instant from = since == null ? null : instant(spec.commandLine(), "--since", since);
    PrintWriter out = spec.commandLine().getOut();
    try (SupportEngine engine = root.engine(null)) {
      UUID conversationId = conversation == null ? null
          : ConversationCommand.resolveId(engine, conversation, spec.commandLine(), "--conversation");
      List<AuditEntry> entries = engine.audit(new FindAudit(conversationId, contact, actor, from, limit));
      if (json) {
        out.println(JSON.writeValueAsString(entries));
      } else {
        for (AuditEntry e : entries) {
          out.println(e.at() + "  " + e.actorKind() + ":" + e.actorId() + "  " + e.action()
              + (e.conversationId() == null ? "" : "  conversation " + e.conversationId())
              + (e.contactId() == null ? "" : "  contact " + e.contactId())
              + (e.changes().isEmpty() ? "" : "  " + changes(e.changes()))
              + (DENIED.equals(e.action()) ? "  " + e.data().get("action") + " " + e.data().get("resource")
                  + ": " + e.data().get("reason") : ""));
        }
        if (entries.isEmpty()) {
          out.println("no audit entries match");
        }
      }
      out.flush();
    }
    return Errors.OK;
  }

  private static String changes(Map<String, AuditEntry.Change> changes) {
    return changes.entrySet().stream().map(c -> c.getKey() + ": " + dash(c.getValue().before()) + " -> "
        + dash(c.getValue().after())).collect(Collectors.joining(", "));
  }

  private static String dash(@Nullable String s) {
    return s == null ? "-" : s;
  }

  /** An instant, or a date meaning its start in UTC; a usage error names the option otherwise. */
  static Instant instant(CommandLine cl, String option, String value) {
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new ParameterException(cl, option + ": must be a date like 2026-11-23 or an instant like"
          + " 2026-11-23T09:00:00Z, was '" + value + "'");
    }
  }
}
