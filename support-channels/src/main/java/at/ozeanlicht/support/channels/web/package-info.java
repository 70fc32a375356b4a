/**
 * Website chat widget channel ({@code web}): a JSON protocol a host serves over HTTP plus a
 * server-to-browser event stream (WebSocket or SSE). Public: {@link WebChatProvider} and {@link
 * WebChatConfig}.
 *
 * <p>Requests go through {@code SupportEngine.webhooks().handle(inbox, request)}, the action
 * named by the last path segment, {@code ?website_token=…} on every request and the session
 * token in header {@code X-Auth-Token}:
 *
 * <ul>
 *   <li>{@code POST …/session}: starts (no or invalid token: a new anonymous visitor) or continues
 *       a session; answers {@code {"token","contact","status":{"online","open","agentsAvailable",
 *       "nextOpening"},"preChat":{"quickActions":[…]}}}. Nothing is stored.
 *   <li>{@code POST …/identify} {@code {"identifier","identifierHash"}}: the hash is {@code
 *       hex(HMAC-SHA256(hmacToken, identifier))}, computed by the host's server and compared in
 *       constant time; a match answers a token for the verified identity (continuity across
 *       devices), a mismatch 403, a missing hash 401 when {@code hmacMandatory}.
 *   <li>{@code POST …/messages} {@code {"echoId","content","contact":{"name","email"}}}: stored
 *       once per (session identity, echoId), so browser retries are harmless.
 *   <li>{@code POST …/typing} {@code {"state":"on"|"off"}}: an ephemeral event, never stored.
 *   <li>{@code POST …/read} {@code {"lastSeenAt"}}: every reply sent before counts as read.
 * </ul>
 *
 * <p>Outbound replies are pushed to the visitor's subscribers ({@link WebChatProvider#subscribe})
 * as JSON events ({@code message.created}, {@code conversation.typing_on/off}). The subscriber
 * registry lives in the provider, per node: a host with several nodes subscribes every node's
 * browsers on that node and fans replies out between nodes from the {@code outbox_events}
 * ({@code message.created} with the message id) or sticks a visitor's stream and the dispatcher to
 * one node. Private notes and activities never reach the stream: the engine queues only public
 * messages and the adapter rejects anything else.
 */
@NullMarked
package at.ozeanlicht.support.channels.web;

import org.jspecify.annotations.NullMarked;
