package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.OutboundView;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.domain.Wires;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support outbox list} and {@code support outbox retry}. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
    description = "Outbound messages queued for channels.",
    subcommands = {OutboxCommand.ListCommand.class, OutboxCommand.Retry.class})
final class OutboxCommand {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @ParentCommand SupportCommand root;

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List outbound messages, newest first.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand OutboxCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--state", paramLabel = "STATE",
        description = "Only this state: pending, sending, sent, failed, dead.")
    @Nullable String state;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
        description = "At most N, 1 to 1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON array instead of a table.")
    boolean json;

    @Override
    public Integer call() {
      if (limit < 1 || limit > 1000) {
        throw new ParameterException(spec.commandLine(), "--limit: must be between 1 and 1000, was " + limit);
      }
      OutboundStatus status = state == null ? null : Wires.parse(OutboundStatus.class, "--state", state);
      PrintWriter out = spec.commandLine().getOut();
      try (SupportEngine engine = parent.root.engine(null)) {
        List<OutboundView> items = engine.outbound(status, limit);
        if (json) {
          ArrayNode array = JSON.createArrayNode();
          items.forEach(v -> array.add(json(v)));
          out.println(JSON.writeValueAsString(array));
        } else {
          List<String[]> rows = new ArrayList<>();
          for (OutboundView v : items) {
            rows.add(new String[] {v.id().toString(), v.status().wire(), v.inbox(),
                Integer.toString(v.attempts()), v.nextAttemptAt().toString(),
                v.lastErrorCode() == null ? "-" : v.lastErrorCode(),
                v.deliveryStatus() == null ? "-" : v.deliveryStatus().wire()});
          }
          Table.print(out, new String[] {"ID", "STATE", "INBOX", "ATTEMPTS", "NEXT", "ERROR", "DELIVERY"}, rows);
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      return Errors.OK;
    }
  }

  static ObjectNode json(OutboundView v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", v.id().toString());
    n.put("messageId", v.messageId().toString());
    n.put("conversationId", v.conversationId().toString());
    n.put("inbox", v.inbox());
    n.put("channel", v.channel().wire());
    n.put("state", v.status().wire());
    n.put("attempts", v.attempts());
    n.put("nextAttemptAt", v.nextAttemptAt().toString());
    n.put("lastErrorCode", v.lastErrorCode());
    n.put("lastError", v.lastError());
    n.put("externalId", v.externalId());
    n.put("deliveryStatus", v.deliveryStatus() == null ? null : v.deliveryStatus().wire());
    n.put("createdAt", v.createdAt().toString());
    n.put("sentAt", v.sentAt() == null ? null : v.sentAt().toString());
    return n;
  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Queue a failed or dead outbound message again, due now.")
  static final class Retry implements Callable<Integer> {
    @ParentCommand OutboxCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The outbound message id (from outbox list).")
    String id;

    @Override
    public Integer call() {
      UUID uuid;
      try {
        uuid = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "ID: must be an outbound message id (a UUID), was '" + id + "'");
      }
      try (SupportEngine engine = parent.root.engine(null)) {
        OutboundView v = engine.retryOutbound(uuid);
        spec.commandLine().getOut().println("queued " + v.id() + " again (" + v.status().wire() + ")");
      }
      return Errors.OK;
    }
  }
}
