package at.ozeanlicht.support.cli;

import at.ozeanlicht.support.core.workspace.Workspace;
import at.ozeanlicht.support.core.workspace.WorkspaceLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Finding, loading and unpacking workspaces for the commands. */
final class Workspaces {
  static final String FILE = "workspace.yaml";
  private static final String BUNDLED = "/demo/workspace/";

  private Workspaces() {}

  /**
   * The workspace directory: {@code option}, else {@code $SUPPORT_WORKSPACE}, else the current
   * directory if it holds a workspace.yaml.
   *
   * @throws ParameterException naming {@code --workspace} if none of these gives one
   */
  static Path resolve(@Nullable Path option, Environment env, CommandLine cl) {
    if (option != null) {
      return env.workingDir().resolve(option);
    }
    String fromEnv = env.get("SUPPORT_WORKSPACE");
    if (fromEnv != null) {
      return env.workingDir().resolve(fromEnv);
    }
    if (Files.isRegularFile(env.workingDir().resolve(FILE))) {
      return env.workingDir();
    }
    throw new ParameterException(cl, "--workspace: required; pass --workspace DIR, set "
        + "SUPPORT_WORKSPACE, or run in a directory with a " + FILE);
  }

  /** Loads and validates a workspace directory; throws ValidationException with every problem. */
  static Workspace load(Path dir) {
    return WorkspaceLoader.load(dir);
  }

  /**
   * Unpacks the reference workspace bundled in the tool to {@code target}, replacing what was
   * there, and returns {@code target}.
   */
  static Path extractBundled(Path target) {
    URL marker = Workspaces.class.getResource(BUNDLED + FILE);
    if (marker == null) {
      throw new IllegalStateException("demo: the bundled workspace is missing from the tool");
    }
    try {
      deleteTree(target);
      Files.createDirectories(target);
      URI uri = marker.toURI();
      if (uri.getScheme().equals("jar")) {
        FileSystem fs;
        boolean close = false;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
          close = true;
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        try {
          copyTree(fs.getPath(BUNDLED), target);
        } finally {
          if (close) {
            fs.close();
          }
        }
      } else {
        copyTree(Path.of(uri).getParent(), target);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("demo: cannot unpack the workspace to " + target, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.toList();
    }
    for (Path p : files) {
      // Path.toString of a relative path from a zip file system uses '/', fine on every OS.
      Path dest = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(dest);
      } else {
        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.delete(p);
    }
  }
}
