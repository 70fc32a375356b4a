package at.ozeanlicht.support.core.spi;

/**
 * Port: drafts a reply for an agent to review (never sent automatically). The offline default
 * and the OpenAI-compatible adapter live in {@code support-ai}. Implementations are thread-safe;
 * remote ones redact personal data before anything leaves the process and fall back to an offline
 * draft when the provider fails.
 */
public interface ReplyDrafter {
  /** A stable name for logs, e.g. {@code offline} or {@code openai}. */
  String name();

  /** Drafts a reply; never null, never throws for provider failures (falls back instead). */
  Draft draft(DraftRequest request);
}
