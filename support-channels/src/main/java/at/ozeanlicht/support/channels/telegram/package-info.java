/**
 * Telegram Bot API channel: webhook with the secret-token header, messages (text, largest photo,
 * documents), edits and button taps, sending with the 4096-character limit handled by splitting
 * at paragraph boundaries, {@code retry_after} honoured. Public: {@link TelegramProvider} and
 * {@link TelegramConfig}.
 */
@NullMarked
package at.ozeanlicht.support.channels.telegram;

import org.jspecify.annotations.NullMarked;
