package at.ozeanlicht.support.core.spi;

import java.util.List;

/**
 * Port: one configured channel endpoint (one inbox): verifies and parses inbound webhook requests
 * and sends outbound messages. Created by a {@link ChannelAdapterProvider}.
 *
 * <p>The engine calls {@link #verify} first and {@link #parse} only for verified requests, so an
 * adapter never parses a forged body. Implementations must be thread-safe: several webhook
 * threads and dispatchers may call one instance at once. They must never log message bodies,
 * names, phone numbers or tokens; ids are fine.
 */
public interface ChannelAdapter {

  /** The provider type, e.g. {@code whatsapp}. */
  String type();

  /** The inbox this adapter serves. */
  String inbox();

  /**
   * The largest request body this channel sends, in bytes; {@link
   * at.ozeanlicht.support.core.api.WebhookHandler} refuses larger ones with 413 before verifying
   * (a signature over a huge body costs the CPU an attacker wants to burn). Default 1 MiB: chat
   * webhooks carry media by reference; an e-mail channel receiving raw MIME raises it.
   */
  default int maxBodyBytes() {
    return 1 << 20;
  }

  /**
   * Checks that a request comes from the channel (signature, secret header, handshake token),
   * without parsing its body. Compares secrets in constant time.
   */
  Verification verify(InboundRequest request);

  /**
   * Turns a verified request into events, in the order they should be applied. Unknown message
   * types become placeholder messages, never errors.
   *
   * @throws MalformedPayloadException if the body is not a payload of this channel
   */
  List<InboundEvent> parse(InboundRequest request);

  /**
   * Sends one message. Expected failures are returned as values; an unexpected exception is
   * treated by the engine as a retryable failure. Must return {@link DeliveryResult.Rejected}
   * for anything that is not public ({@link OutboundDelivery#isPublic()}).
   */
  DeliveryResult send(OutboundDelivery delivery);
}
