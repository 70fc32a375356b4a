package at.ozeanlicht.support.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokensTest {
  private static final String T1 = "0123456789abcdef0123";
  private static final String T2 = "fedcba9876543210fedc";

  @Test
  void parse_pairsByCommaOrLine_findsTheAgent() {
    ApiTokens tokens = ApiTokens.parse("# team\n" + T1 + "=thomas\n\n" + T2 + " = sabine", "file");

    assertThat(tokens.agentFor(T1)).contains("thomas");
    assertThat(tokens.agentFor(T2)).contains("sabine");
    assertThat(tokens.agentFor("0123456789abcdef012")).isEmpty();
    assertThat(tokens.agentFor(null)).isEmpty();
    assertThat(tokens.agents()).containsExactly("thomas", "sabine");
    assertThat(tokens.toString()).doesNotContain(T1);
    assertThat(ApiTokens.parse(T1 + "=thomas," + T2 + "=thomas", "env").agents()).containsExactly("thomas");
  }

  @Test
  void parse_badEntries_nameSourceAndEntry_neverTheToken() {
    assertThatThrownBy(() -> ApiTokens.parse("short=thomas", "SUPPORT_API_TOKENS"))
        .hasMessage("SUPPORT_API_TOKENS: entry 1: the token must be at least 16 characters without spaces");
    assertThatThrownBy(() -> ApiTokens.parse(T1 + "=thomas," + T2, "SUPPORT_API_TOKENS"))
        .hasMessage("SUPPORT_API_TOKENS: entry 2: must be TOKEN=AGENT")
        .message().doesNotContain(T2);
    assertThatThrownBy(() -> ApiTokens.parse(T1 + "=Thomas Berger", "x"))
        .hasMessageContaining("x: entry 1: the agent must be a handle");
    assertThatThrownBy(() -> ApiTokens.parse(T1 + "=a," + T1 + "=b", "x"))
        .hasMessage("x: entry 2: the same token appears twice");
    assertThatThrownBy(() -> ApiTokens.parse("# nothing\n", "x")).hasMessage("x: holds no TOKEN=AGENT entry");
  }
}
