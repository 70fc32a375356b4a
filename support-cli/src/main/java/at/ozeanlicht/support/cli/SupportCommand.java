package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.CsatSettings;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.crypto.FieldCipher;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code support} command: global options and how commands reach the database. */
@Command(
    name = "support",
    mixinStandardHelpOptions = true,
    versionProvider = SupportCommand.Version.class,
    description = "Customer support from the command line: workspace checks, imports, the inbox, routing.",
    subcommands = {
      DbCommand.class,
      KeysCommand.class,
      WorkspaceCommand.class,
      ImportCommand.class,
      ConversationsCommand.class,
      ConversationCommand.class,
      DemoCommand.class,
      GenerateCommand.class,
      ContactCommand.class,
      SlaCommand.class,
      RouteCommand.class,
      BenchCommand.class,
      AiCommand.class,
      KbCommand.class,
      MacroCommand.class,
      CsatCommand.class,
      WebhookCommand.class,
      OutboxCommand.class,
      ChannelsCommand.class,
      ReportCommand.class,
      McpCommand.class,
      InboxCommands.Inbox.class,
      InboxCommands.Search.class,
      InboxCommands.TeamChat.class,
      InboxCommands.Note.class,
      ServeCommand.class,
      AuditCommand.class, // issue 10
      GdprCommand.class, // issue 10
      ExportCommand.class, // issue 10
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:failure (database, not found, I/O)",
      "2:usage or validation error"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  SUPPORT_DB_URL       JDBC URL of PostgreSQL (instead of the embedded one)",
      "  SUPPORT_DB_USER      database user",
      "  SUPPORT_DB_PASSWORD  database password",
      "  SUPPORT_HOME         home directory (default ~/.support)",
      "  SUPPORT_WORKSPACE    workspace directory for import"
    })
final class SupportCommand implements Runnable {
  private final Environment env;

  @Spec CommandSpec spec;

  @Option(names = "--db", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "PostgreSQL JDBC URL (jdbc:postgresql://host/db); else $SUPPORT_DB_URL, "
          + "else an embedded PostgreSQL under the home directory.")
  @Nullable String db;

  @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Home directory for the embedded database and the demo; "
          + "else $SUPPORT_HOME, else ~/.support.")
  @Nullable Path home;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  SupportCommand(Environment env) {
    this.env = env;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command");
  }

  Environment env() {
    return env;
  }

  boolean verbose() {
    return verbose;
  }

  /** The home directory: --home, else $SUPPORT_HOME, else ~/.support. */
  Path home() {
    if (home != null) {
      return home;
    }
    String fromEnv = env.get("SUPPORT_HOME");
    return fromEnv != null ? Path.of(fromEnv) : Database.defaultHome();
  }

  /** The database URL from --db or $SUPPORT_DB_URL, or null for the embedded default. */
  @Nullable String dbUrl() {
    String url = db != null ? db : env.get("SUPPORT_DB_URL");
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw new ParameterException(spec.commandLine(), "--db: must be a jdbc:postgresql: URL, was '"
          + Database.redact(url) + "'" + (db == null ? " (from SUPPORT_DB_URL)" : ""));
    }
    return url;
  }

  /** The database the options point at; the caller closes it. */
  Database database() {
    String url = dbUrl();
    FieldCipher cipher = FieldCipher.fromEnvironment(env.variables());
    if (url == null) {
      return Database.embedded(home()).encryption(cipher);
    }
    return Database.connect(url, env.get("SUPPORT_DB_USER"), env.get("SUPPORT_DB_PASSWORD"), 2).encryption(cipher);
  }

  /** An engine on the database the options point at, migrating it if needed; the caller closes it. */
  SupportEngine engine(@Nullable Workspace workspace) {
    return engine(workspace, b -> { });
  }

  /** Like {@link #engine(Workspace)}, letting the caller add to the builder (e.g. channels). */
  SupportEngine engine(@Nullable Workspace workspace, Consumer<SupportEngine.Builder> more) {
    String url = dbUrl();
    // The tool ships the channel and AI modules; their adapters are found on the class path.
    SupportEngine.Builder b = SupportEngine.builder().discoverAdapters()
        .encryption(FieldCipher.fromEnvironment(env.variables()));
    CsatSettings csat = csatSettings();
    if (csat != null) {
      b.csat(csat);
    }
    more.accept(b);
    if (workspace != null) {
      b.workspace(workspace);
    }
    if (url == null) {
      b.embedded(home());
    } else {
      b.jdbcUrl(url, env.get("SUPPORT_DB_USER"), env.get("SUPPORT_DB_PASSWORD"));
    }
    return b.build();
  }

  /**
   * Survey settings from the environment: {@code SUPPORT_CSAT_SECRET} (or a file named by {@code
   * SUPPORT_CSAT_SECRET_FILE}) and {@code SUPPORT_CSAT_LINK_BASE}; none when no secret is set.
   */
  @Nullable CsatSettings csatSettings() {
    String secret = env.get("SUPPORT_CSAT_SECRET");
    String secretFile = env.get("SUPPORT_CSAT_SECRET_FILE");
    if (secret == null && secretFile == null) {
      return null;
    }
    if (secret != null && secretFile != null) {
      throw new ParameterException(spec.commandLine(),
          "SUPPORT_CSAT_SECRET: set either it or SUPPORT_CSAT_SECRET_FILE, not both");
    }
    if (secret == null) {
      try {
        secret = java.nio.file.Files.readString(Path.of(secretFile)).strip();
      } catch (java.io.IOException e) {
        throw new ParameterException(spec.commandLine(),
            "SUPPORT_CSAT_SECRET_FILE: cannot read '" + secretFile + "': " + e.getClass().getSimpleName());
      }
    }
    String base = env.get("SUPPORT_CSAT_LINK_BASE");
    if (base == null) {
      throw new ParameterException(spec.commandLine(),
          "SUPPORT_CSAT_LINK_BASE: required when a CSAT secret is set (the page that receives ratings)");
    }
    try {
      return CsatSettings.of(secret, java.net.URI.create(base));
    } catch (IllegalArgumentException e) {
      // The message names the field and never shows the secret.
      String message = String.valueOf(e.getMessage())
          .replaceFirst("^secret:", "SUPPORT_CSAT_SECRET:")
          .replaceFirst("^linkBase:", "SUPPORT_CSAT_LINK_BASE:");
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** Reads the version from a resource filtered at build time, so it works from classes and jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"support " + version()};
    }

    static String version() throws IOException {
      Properties p = new Properties();
      try (InputStream in = SupportCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      String v = p.getProperty("version");
      if (v == null || v.startsWith("${")) {
        v = SupportCommand.class.getPackage().getImplementationVersion();
      }
      return v == null ? "unknown" : v;
    }
  }
}
