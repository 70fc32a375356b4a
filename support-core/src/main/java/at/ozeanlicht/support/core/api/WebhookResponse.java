package at.ozeanlicht.support.core.api;

import java.util.Objects;

/**
 * What a host's HTTP server answers to a channel's webhook request.
 *
 * @param status the HTTP status
 * @param contentType the body's media type ({@code application/json} or {@code text/plain})
 * @param body the response body; never echoes payload content
 */
public record WebhookResponse(int status, String contentType, String body) {
  /** Checks for nulls and an HTTP status. */
  public WebhookResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status: must be an HTTP status, was " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
  }

  static WebhookResponse json(int status, String body) {
    return new WebhookResponse(status, "application/json", body);
  }
}
