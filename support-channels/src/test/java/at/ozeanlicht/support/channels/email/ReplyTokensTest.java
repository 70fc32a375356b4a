package at.ozeanlicht.support.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplyTokensTest {
  private final ReplyTokens tokens = new ReplyTokens("k3y", "inbound.example.test", "example.test");
  private final UUID conversation = UUID.fromString("9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21");

  @Test
  void address_roundTrips_andIgnoresCase() {
    String address = tokens.address(conversation);
    assertThat(address).startsWith("reply+9f1c2e7a-5b3d-4c11-8e2a-0d6b3f4a9c21.").endsWith("@inbound.example.test");
    assertThat(tokens.conversation(address.toUpperCase())).contains(conversation);
  }

  @Test
  void conversation_forgedSignatureOrOtherDomain_isEmpty() {
    String address = tokens.address(conversation);
    String forged = address.replace(address.substring(43, 47), "0000");
    assertThat(tokens.conversation(forged)).isEmpty();
    assertThat(tokens.conversation(address.replace("inbound.example.test", "evil.test"))).isEmpty();
    String other = new ReplyTokens("other", "inbound.example.test", "example.test").address(conversation);
    assertThat(tokens.conversation(other)).isEmpty();
  }

  @Test
  void messageId_encodesConversation() {
    UUID outbox = UUID.randomUUID();
    String id = tokens.messageId(conversation, outbox);
    assertThat(id).isEqualTo("<conv-" + conversation + ".msg-" + outbox + "@example.test>");
    assertThat(tokens.conversationOfMessageId(id)).contains(conversation);
    assertThat(tokens.conversationOfMessageId("<CAF8x2Yk1@mail.customer.test>")).isEmpty();
  }
}
