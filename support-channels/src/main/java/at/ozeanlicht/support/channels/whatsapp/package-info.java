/**
 * WhatsApp Business Cloud API channel: the GET verification handshake, {@code
 * X-Hub-Signature-256} over the raw body, inbound messages and statuses, text and template sends,
 * the 24-hour customer-service window and Meta's error codes. Public: {@link WhatsAppProvider}
 * and {@link WhatsAppConfig}.
 */
@NullMarked
package at.ozeanlicht.support.channels.whatsapp;

import org.jspecify.annotations.NullMarked;
