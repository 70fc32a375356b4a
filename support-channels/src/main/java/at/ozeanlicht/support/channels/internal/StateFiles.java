package at.ozeanlicht.support.channels.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small cursor files of the pollers (IMAP, Telegram): replaced atomically, never half-written. */
public final class StateFiles {
  private StateFiles() {}

  /** Writes {@code line} and a newline to a temporary file beside {@code file}, then moves it over. */
  public static void replace(Path file, String line) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    Files.writeString(tmp, line + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
