package at.ozeanlicht.support.cli.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Agent API tokens: each maps to one agent handle. Only SHA-256 digests of the tokens are kept,
 * and a lookup compares the presented token's digest with every known digest in constant time
 * (no early exit), so neither timing nor a heap dump gives a token away. Tokens are never logged
 * and never appear in error messages. Immutable and thread-safe.
 */
public final class ApiTokens {
  /** The shortest token accepted: 16 characters (e.g. {@code openssl rand -hex 16} gives 32). */
  public static final int MIN_LENGTH = 16;

  private record Entry(byte[] digest, String agent) {}

  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * Parses {@code token=agent} pairs separated by commas or new lines; blank lines and lines
   * starting with {@code #} are skipped.
   *
   * @param source names the origin in error messages, e.g. {@code SUPPORT_API_TOKENS}
   * @throws IllegalArgumentException naming {@code source} and the entry number (never the token)
   */
  public static ApiTokens parse(String text, String source) {
    Objects.requireNonNull(text, "text");
    List<Entry> entries = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int n = 0;
    for (String line : text.split("[,\\n]")) {
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      n++;
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(source + ": entry " + n + ": must be TOKEN=AGENT");
      }
      String token = entry.substring(0, eq).strip();
      String agent = entry.substring(eq + 1).strip();
      if (token.length() < MIN_LENGTH || token.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(source + ": entry " + n + ": the token must be at least "
            + MIN_LENGTH + " characters without spaces");
      }
      if (!agent.matches("[a-z0-9][a-z0-9_.-]*")) {
        throw new IllegalArgumentException(source + ": entry " + n
            + ": the agent must be a handle (lower-case letters, digits, _ . -), was '" + agent + "'");
      }
      if (!seen.add(token)) {
        throw new IllegalArgumentException(source + ": entry " + n + ": the same token appears twice");
      }
      entries.add(new Entry(digest(token), agent));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(source + ": holds no TOKEN=AGENT entry");
    }
    return new ApiTokens(entries);
  }

  /** The agent handles the tokens belong to, in order, without repeats. */
  public Set<String> agents() {
    Set<String> out = new LinkedHashSet<>();
    entries.forEach(e -> out.add(e.agent()));
    return out;
  }

  /** The agent whose token this is; empty for null, unknown or malformed tokens. */
  public Optional<String> agentFor(@Nullable String token) {
    if (token == null || token.isEmpty() || token.length() > 512) {
      return Optional.empty();
    }
    byte[] presented = digest(token);
    String found = null;
    for (Entry e : entries) {
      // Every entry is compared, whatever matched before: the time does not depend on the match.
      if (MessageDigest.isEqual(presented, e.digest()) && found == null) {
        found = e.agent();
      }
    }
    return Optional.ofNullable(found);
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ApiTokens[" + entries.size() + " tokens for " + agents() + "]";
  }
}
