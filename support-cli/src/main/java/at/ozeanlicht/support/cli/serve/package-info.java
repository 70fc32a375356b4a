/**
 * {@code support serve}: a small HTTP server on the JDK's {@code com.sun.net.httpserver} that
 * mounts the channel webhooks, the web chat widget protocol and its event stream, a JSON API for
 * agents with live updates over server-sent events, and the static files of the web inbox.
 * Public: {@link at.ozeanlicht.support.cli.serve.Server} and {@link
 * at.ozeanlicht.support.cli.serve.ApiTokens}; the rest is package-private.
 */
@NullMarked
package at.ozeanlicht.support.cli.serve;

import org.jspecify.annotations.NullMarked;
