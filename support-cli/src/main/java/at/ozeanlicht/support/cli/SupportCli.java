package at.ozeanlicht.support.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** Entry point of the {@code support} command-line tool. */
public final class SupportCli {
  private SupportCli() {}

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    // Java 17's default charset follows the locale (often ASCII in CI); pipes and files get UTF-8.
    Charset charset = System.console() != null ? System.console().charset() : StandardCharsets.UTF_8;
    System.setProperty("org.jboss.logging.provider", "slf4j");
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, charset), true);
    Environment env = new Environment(System.getenv(), Path.of("").toAbsolutePath(),
        System.console() != null);
    int code = commandLine(env, out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** A configured command line writing to {@code out} and {@code err}. */
  static CommandLine commandLine(Environment env, PrintWriter out, PrintWriter err) {
    SupportCommand root = new SupportCommand(env);
    CommandLine cl = new CommandLine(root);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    Errors errors = new Errors(root);
    cl.setParameterExceptionHandler(errors);
    cl.setExecutionExceptionHandler(errors);
    return cl;
  }
}
