package at.ozeanlicht.support.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the tool in-process with captured output, a chosen working directory and environment. */
final class Cli {
  /** The reference workspace in the repository, relative to the support-cli module. */
  static final Path REFERENCE_WORKSPACE = Path.of("..", "examples", "ozean-licht").toAbsolutePath().normalize();

  private final Path workingDir;
  private final Map<String, String> env = new HashMap<>();

  Cli(Path workingDir) {
    this.workingDir = workingDir;
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = SupportCli.commandLine(new Environment(env, workingDir, false),
        new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
