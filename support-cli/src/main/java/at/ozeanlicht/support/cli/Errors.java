package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.api.FieldProblem;
import at.ozeanlicht.support.core.api.SupportException;
import at.ozeanlicht.support.core.api.ValidationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Exit codes by culprit: 2 for the caller's mistakes (usage, validation), a {@link
 * SupportException}'s own code, 1 for everything else. One line per problem on stderr, prefixed
 * {@code error: }; a stack trace only with {@code --verbose}.
 */
final class Errors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private final SupportCommand root;

  Errors(SupportCommand root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    if (root.verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    int code;
    if (ex instanceof ValidationException v) {
      for (FieldProblem p : v.problems()) {
        err.println("error: " + p);
      }
      code = v.code().exitCode();
    } else if (ex instanceof SupportException s) {
      err.println("error: " + oneLine(s.getMessage()));
      code = s.code().exitCode();
    } else {
      err.println("error: " + oneLine(describe(ex)));
      code = FAILURE;
    }
    if (root.verbose()) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getName() : m;
  }

  private static String oneLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
