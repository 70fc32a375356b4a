package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.core.spi.DeliveryResult;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Meta's error codes, classified as in the channel reference (§1.8). Branch on {@code
 * error.code}, not on the HTTP status or the title.
 */
final class WhatsAppErrors {
  static final Set<Integer> RETRY = Set.of(130429, 4, 80007, 1, 2, 131000);
  /** Pair rate limit: about one message per 6 s to the same user. */
  static final int PAIR_RATE_LIMIT = 131056;
  static final int REENGAGEMENT = 131047;
  /** Operators must act (token, account, spam protection): permanent, and an alert. */
  static final Set<Integer> ALERT = Set.of(0, 190, 368, 131031, 131048, 131049);
  static final Set<Integer> PERMANENT = Set.of(131026, 132000, 132001, 100, 131062);

  private WhatsAppErrors() {}

  static boolean alerts(int code) {
    return ALERT.contains(code);
  }

  static DeliveryResult classify(int httpStatus, @Nullable Integer code, @Nullable Duration retryAfter) {
    if (code == null) {
      if (httpStatus == 429 || httpStatus >= 500) {
        return DeliveryResult.retryable(retryAfter, "http_" + httpStatus, "HTTP " + httpStatus);
      }
      return DeliveryResult.permanent("http_" + httpStatus, "HTTP " + httpStatus + " without an error code");
    }
    String c = Integer.toString(code);
    if (RETRY.contains(code)) {
      return DeliveryResult.retryable(retryAfter, c, "temporary or rate limit error");
    }
    if (code == PAIR_RATE_LIMIT) {
      Duration wait = retryAfter != null && retryAfter.compareTo(Duration.ofSeconds(6)) > 0
          ? retryAfter : Duration.ofSeconds(6);
      return DeliveryResult.retryable(wait, c, "pair rate limit for this recipient");
    }
    if (code == REENGAGEMENT) {
      return DeliveryResult.permanent("template_required",
          "24-hour customer service window closed (131047); only an approved template can be sent");
    }
    if (ALERT.contains(code)) {
      return DeliveryResult.permanent(c, "account, token or spam protection problem; an operator must act");
    }
    if (PERMANENT.contains(code)) {
      return DeliveryResult.permanent(c, "refused by WhatsApp");
    }
    if (httpStatus == 429 || httpStatus >= 500) {
      return DeliveryResult.retryable(retryAfter, c, "HTTP " + httpStatus);
    }
    return DeliveryResult.permanent(c, "refused by WhatsApp (unclassified code)");
  }
}
