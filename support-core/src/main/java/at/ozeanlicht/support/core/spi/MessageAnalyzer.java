package at.ozeanlicht.support.core.spi;

import org.jspecify.annotations.Nullable;

/**
 * Port: analyzes a customer message (language, sentiment, category, sensitivity). The offline
 * default lives in {@code support-ai}; hosts may register their own. Implementations must be
 * thread-safe, fast (called inside message receipt), and never call out of the process unless
 * they are an explicitly configured remote provider. Found by {@link java.util.ServiceLoader}
 * when the engine builder's {@code discoverAdapters()} is on.
 */
public interface MessageAnalyzer {
  /** A stable name for logs and traces, e.g. {@code offline}. */
  String name();

  /**
   * Analyzes {@code text}.
   *
   * @param text the message body
   * @param languageHint the contact's known language, or null
   */
  MessageAnalysis analyze(String text, @Nullable String languageHint);
}
