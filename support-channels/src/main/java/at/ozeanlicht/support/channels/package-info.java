/**
 * Channel adapters (web chat widget, WhatsApp Cloud API, Telegram Bot API, e-mail): webhook
 * verification, parsing into {@code ReceiveMessage} commands, and outbound dispatch. Adapters
 * compile only against core's {@code api}, {@code domain} and {@code spi} packages.
 */
@NullMarked
package at.ozeanlicht.support.channels;

import org.jspecify.annotations.NullMarked;
