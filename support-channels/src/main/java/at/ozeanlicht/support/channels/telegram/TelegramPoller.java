package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.channels.internal.JsonPost;
import at.ozeanlicht.support.channels.internal.StateFiles;
import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.spi.InboundRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long polling ({@code getUpdates}) for bots without a public webhook URL. Every update goes
 * through the inbox's webhook path with the secret-token header, so it is verified, parsed,
 * deduplicated and stored exactly like a pushed one. The state file holds the next {@code offset}
 * (last handled {@code update_id} + 1) and is written atomically only after the batch is stored:
 * a crash before that fetches the batch again and deduplication absorbs it; Telegram forgets an
 * update only once it is asked for a higher offset, so nothing is lost. A 429 keeps its {@code
 * retry_after} in the state file: polls before then return without calling Telegram.
 */
final class TelegramPoller {
  private static final Logger LOG = LoggerFactory.getLogger(TelegramPoller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int LIMIT = 100;
  private static final List<String> ALLOWED = List.of("message", "edited_message", "callback_query");

  private final SupportEngine engine;
  private final TelegramConfig config;
  private final String botToken;
  private final String secretToken;
  private final HttpClient http;
  private final Path stateFile;
  private final Duration longPoll;

  TelegramPoller(SupportEngine engine, TelegramConfig config, String botToken, String secretToken,
      HttpClient http, Path stateFile, Duration longPoll) {
    if (longPoll.isNegative() || longPoll.compareTo(Duration.ofSeconds(50)) > 0) {
      throw new IllegalArgumentException("longPoll: must be 0 to 50 seconds, was " + longPoll);
    }
    this.engine = engine;
    this.config = config;
    this.botToken = botToken;
    this.secretToken = secretToken;
    this.http = http;
    this.stateFile = stateFile;
    this.longPoll = longPoll;
  }

  /**
   * The persisted state.
   *
   * @param offset the next {@code offset}; 0 before the first stored update
   * @param notBefore no call to Telegram before this (a 429's {@code retry_after}), or null
   */
  record State(long offset, @Nullable Instant notBefore) {}

  /**
   * Fetches up to {@link #LIMIT} updates and stores them; returns how many new messages were
   * stored (duplicates, edits and malformed updates are not counted). Stops at the first update
   * that could not be stored, keeping the offset before it.
   */
  int poll() throws IOException {
    Instant now = engine.clock().instant();
    State state = read();
    if (state.notBefore() != null && now.isBefore(state.notBefore())) {
      return 0;
    }
    JsonNode answer = getUpdates(state.offset());
    if (!answer.path("ok").asBoolean(false)) {
      return refused(answer, state, now);
    }
    JsonNode updates = answer.path("result");
    long next = state.offset();
    int stored = 0;
    for (JsonNode update : updates) {
      if (!update.path("update_id").isIntegralNumber()) {
        throw new IOException("telegram: getUpdates returned an update without an integer update_id");
      }
      long id = update.get("update_id").asLong();
      WebhookResponse response = engine.webhooks().handle(config.inbox(), InboundRequest.post(
          "/telegram/getUpdates/" + config.inbox(),
          Map.of("X-Telegram-Bot-Api-Secret-Token", List.of(secretToken)),
          JSON.writeValueAsBytes(update)));
      if (response.status() == 200) {
        stored += JSON.readTree(response.body()).path("messages").asInt(0);
      } else if (response.status() == 400) {
        LOG.warn("inbox {}: telegram update {} is malformed; skipped", config.inbox(), id);
      } else {
        LOG.warn("inbox {}: telegram update {} not stored (status {}); fetched again next poll",
            config.inbox(), id, response.status());
        break;
      }
      next = Math.max(next, id + 1);
    }
    if (next != state.offset() || state.notBefore() != null) {
      write(new State(next, null));
    }
    LOG.debug("inbox {}: telegram poll stored {} of {} updates", config.inbox(), stored, updates.size());
    return stored;
  }

  private JsonNode getUpdates(long offset) throws IOException {
    ObjectNode body = JSON.createObjectNode();
    if (offset > 0) {
      body.put("offset", offset);
    }
    body.put("limit", LIMIT);
    body.put("timeout", longPoll.toSeconds());
    ALLOWED.forEach(body.putArray("allowed_updates")::add);
    HttpResponse<String> response = JsonPost.send(http,
        URI.create(config.baseUrl() + "/bot" + botToken + "/getUpdates"), body.toString(),
        longPoll.plusSeconds(20));
    try {
      JsonNode answer = JSON.readTree(response.body());
      if (answer != null && answer.isObject()) {
        return answer;
      }
    } catch (IOException e) {
      // fall through: not a Bot API answer
    }
    throw new IOException("telegram: getUpdates answered HTTP " + response.statusCode()
        + " without a Bot API JSON body");
  }

  private int refused(JsonNode answer, State state, Instant now) throws IOException {
    int code = answer.path("error_code").asInt(0);
    if (code == 429) {
      long wait = answer.path("parameters").path("retry_after").asLong(1);
      write(new State(state.offset(), now.plusSeconds(Math.max(1, wait))));
      LOG.debug("inbox {}: telegram asked to wait {} s before polling again", config.inbox(), wait);
      return 0;
    }
    if (code == 409) {
      throw new ConfigurationException("telegram: inbox '" + config.inbox() + "' has a webhook set;"
          + " getUpdates works only without one (call deleteWebhook, or receive by webhook)");
    }
    if (code == 401 || code == 404) {
      throw new ConfigurationException("botToken: refused by Telegram for inbox '" + config.inbox() + "'");
    }
    throw new IOException("telegram: getUpdates refused with error_code " + code + " on inbox '"
        + config.inbox() + "'");
  }

  State read() throws IOException {
    if (!Files.isRegularFile(stateFile)) {
      return new State(0, null);
    }
    String[] parts = Files.readString(stateFile, StandardCharsets.US_ASCII).strip().split("\\s+");
    try {
      return new State(Long.parseLong(parts[0]),
          parts.length > 1 ? Instant.ofEpochSecond(Long.parseLong(parts[1])) : null);
    } catch (RuntimeException e) {
      throw new ConfigurationException("stateFile: '" + stateFile
          + "' must hold '<offset>' or '<offset> <not-before epoch seconds>'");
    }
  }

  private void write(State state) throws IOException {
    StateFiles.replace(stateFile, state.offset()
        + (state.notBefore() == null ? "" : " " + state.notBefore().getEpochSecond()));
  }
}
