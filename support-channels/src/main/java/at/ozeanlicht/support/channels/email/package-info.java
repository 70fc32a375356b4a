/**
 * E-mail channel: raw RFC 5322 messages in (a webhook posting the {@code .eml}, signed with
 * HMAC-SHA256), parsed with Jakarta Mail (Angus): multipart, charsets with a lenient fallback,
 * RFC 2047/2231 names, attachments as metadata; threading by signed reply token, {@code
 * In-Reply-To}/{@code References} and subject tag; quoted replies and signatures stripped;
 * auto-replies, list mail and bounces stored but never answered. Out: SMTP with our own {@code
 * Message-ID} (stable across retries), {@code Reply-To} with the reply token and the subject tag.
 * Public: {@link EmailProvider} and {@link EmailConfig}.
 */
@NullMarked
package at.ozeanlicht.support.channels.email;

import org.jspecify.annotations.NullMarked;
