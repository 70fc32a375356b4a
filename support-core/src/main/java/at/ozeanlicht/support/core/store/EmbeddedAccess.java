package at.ozeanlicht.support.core.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How clients reach an embedded PostgreSQL. zonky's starter creates the cluster with {@code trust}
 * authentication and listens on a localhost TCP port, so any local user or process could connect
 * as the superuser and read every conversation. Where the platform has Unix domain sockets
 * (junixsocket), the server instead takes connections only through a socket in a directory under
 * the home that only the owner may enter ({@code 0700}), and {@code pg_hba.conf} rejects every TCP
 * connection (the starter's readiness probe only opens the TCP port, it never logs in over it).
 * Where not (Windows without AF_UNIX, a home path too long for a socket), it stays as before: TCP
 * with trust, and a warning says so.
 *
 * <p>The socket is also the cheaper way: no TCP stack in between. On the 2-core build machine
 * {@code pgbench} ran the receive path's statements about a fifth faster through it.
 */
final class EmbeddedAccess {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAccess.class);
  /** sun_path is 108 bytes on Linux, 104 on macOS; leave room for the terminating NUL. */
  private static final int MAX_SOCKET_PATH = 100;

  static final String SOCKET_ONLY_HBA = """
      # Written by support at every start of the embedded server (Database.embedded): connections
      # only through the Unix socket in a directory only this user may enter; TCP is refused.
      local all all trust
      host all all all reject
      """;
  static final String TCP_TRUST_HBA = """
      # Written by support at every start of the embedded server (Database.embedded): this platform
      # has no usable Unix socket, so clients connect over localhost TCP (trust, as zonky's default).
      local all all trust
      host all all 127.0.0.1/32 trust
      host all all ::1/128 trust
      """;

  private EmbeddedAccess() {}

  /**
   * Configures {@code builder} for {@code home}: a free port, and where possible the private
   * socket with TCP refused. Returns whether the socket is used.
   */
  static boolean configure(EmbeddedPostgres.Builder builder, Path home) throws IOException {
    int port = freePort();
    builder.setPort(port);
    Path dir = home.toAbsolutePath().resolve("run");
    Path socket = dir.resolve(".s.PGSQL." + port);
    String unusable = unusable(socket);
    if (unusable != null) {
      LOG.warn("embedded PostgreSQL listens on localhost:{} with trust authentication ({}):"
          + " other local users can connect to it", port, unusable);
      builder.setDataDirectoryCustomizer(data -> writeHba(data, TCP_TRUST_HBA));
      return false;
    }
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    builder.setServerConfig("unix_socket_directories", dir.toString())
        .setServerConfig("unix_socket_permissions", "0700")
        .setConnectConfig("socketFactory", AFUNIXSocketFactory.FactoryArg.class.getName())
        .setConnectConfig("socketFactoryArg", socket.toString())
        .setDataDirectoryCustomizer(data -> writeHba(data, SOCKET_ONLY_HBA));
    return true;
  }

  /** Why the private socket cannot be used, or null when it can. */
  private static @Nullable String unusable(Path socket) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return "no POSIX file permissions to keep a socket private";
    }
    if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
      return "the socket path " + socket + " is too long for a Unix socket";
    }
    try {
      if (!AFUNIXSocket.isSupported()) {
        return "Unix domain sockets are not supported here";
      }
    } catch (LinkageError e) {
      return "junixsocket's native library did not load: " + e;
    }
    return null;
  }

  private static void writeHba(File data, String content) {
    try {
      Files.writeString(data.toPath().resolve("pg_hba.conf"), content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + data + "/pg_hba.conf", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
