package at.ozeanlicht.support.core.domain;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Metadata of a file attached to a message; the bytes live with the channel or a blob store.
 *
 * @param name file name
 * @param mimeType MIME type, e.g. {@code image/jpeg}
 * @param size size in bytes, or -1 when unknown
 * @param reference where to fetch it (channel media id or URL), or null
 * @param sha256 hex SHA-256 of the bytes, or null when unknown
 */
public record Attachment(
    String name, String mimeType, long size, @Nullable String reference, @Nullable String sha256) {
  /** Checks for nulls. */
  public Attachment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mimeType, "mimeType");
    if (size < -1) {
      throw new IllegalArgumentException("size: must be -1 or more, was " + size);
    }
  }
}
