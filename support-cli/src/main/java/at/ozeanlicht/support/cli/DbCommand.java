package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.store.SchemaMigration;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code support db migrate|status}: the database schema. */
@Command(name = "db", mixinStandardHelpOptions = true,
    description = "Manage the database schema.",
    subcommands = {DbCommand.Migrate.class, DbCommand.Status.class})
final class DbCommand {
  static final DateTimeFormatter INSTALLED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  @ParentCommand SupportCommand root;

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Apply pending schema migrations.")
  static final class Migrate implements java.util.concurrent.Callable<Integer> {
    @ParentCommand DbCommand db;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = db.root.database()) {
        int applied = database.migrate();
        out.println("applied " + applied + " migration" + (applied == 1 ? "" : "s")
            + ", schema at version " + currentVersion(database.status()));
      }
      return Errors.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show every schema migration and whether it is applied.")
  static final class Status implements java.util.concurrent.Callable<Integer> {
    @ParentCommand DbCommand db;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Database database = db.root.database()) {
        List<String[]> rows = new ArrayList<>();
        for (SchemaMigration m : database.status()) {
          rows.add(new String[] {m.version(), m.description(), m.state(),
              m.installedOn() == null ? "-" : INSTALLED.format(m.installedOn())});
        }
        Table.print(out, new String[] {"VERSION", "DESCRIPTION", "STATE", "INSTALLED ON"}, rows);
      }
      return Errors.OK;
    }
  }

  static String currentVersion(List<SchemaMigration> status) {
    String version = "none";
    for (SchemaMigration m : status) {
      if (m.state().equals("success") && !m.version().isEmpty()) {
        version = m.version();
      }
    }
    return version;
  }
}
