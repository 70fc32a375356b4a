package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.spi.InboundRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Payloads shaped like channels.md §1.4/1.5, and signing. */
final class WhatsAppFixtures {
  static final String SECRET = "test_app_secret";
  static final String PHONE_NUMBER_ID = "106540352242922";

  private WhatsAppFixtures() {}

  static String envelope(String valueInner) {
    return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":"
        + "[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":"
        + "{\"display_phone_number\":\"4930555010\",\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},"
        + valueInner + "}}]}]}";
  }

  static String text(String from, String wamid, long ts, String body) {
    return envelope("\"contacts\":[{\"profile\":{\"name\":\"Lena Berger\"},\"wa_id\":\"" + from + "\"}],"
        + "\"messages\":[" + textMessage(from, wamid, ts, body) + "]");
  }

  static String textMessage(String from, String wamid, long ts, String body) {
    return "{\"from\":\"" + from + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + ts
        + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}";
  }

  static String status(String wamid, String status, long ts) {
    return envelope("\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"" + status
        + "\",\"timestamp\":\"" + ts + "\",\"recipient_id\":\"4915112345678\"}]");
  }

  static InboundRequest signed(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return InboundRequest.post("/webhooks/wa", Map.of("X-Hub-Signature-256",
        List.of("sha256=" + Signatures.hmacSha256Hex(SECRET, bytes))), bytes);
  }
}
