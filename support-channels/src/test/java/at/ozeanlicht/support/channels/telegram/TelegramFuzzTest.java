package at.ozeanlicht.support.channels.telegram;

import at.ozeanlicht.support.channels.FuzzInputs;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.http.HttpClient;

/**
 * Jazzer: the Telegram update parser and secret-token check only ever answer with events, a
 * refusal or {@code MalformedPayloadException}. The normal build replays the seeds under {@code
 * TelegramFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes (see the module README).
 */
class TelegramFuzzTest {
  private final TelegramBotChannel channel = new TelegramBotChannel(new TelegramConfig("tg", "env:T",
      "env:S", "https://api.telegram.org"), "123:abc", TelegramBotChannelTest.SECRET,
      HttpClient.newHttpClient(), callbackQueryId -> { });

  @FuzzTest(maxDuration = "5s")
  void parse_authenticUpdate_onlyEventsOrMalformed(byte[] body) {
    FuzzInputs.verifyThenParse(channel, TelegramBotChannelTest.update(body));
  }

  @FuzzTest(maxDuration = "5s")
  void verify_anyRequest_neverThrows(FuzzedDataProvider data) {
    FuzzInputs.verifyThenParse(channel, FuzzInputs.request(data, "/webhooks/tg"));
  }
}
