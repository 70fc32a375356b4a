package at.ozeanlicht.support.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code support serve}: what is refused before anything starts (no database needed). */
class ServeCommandTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void serve_withoutTokens_exits2_sayingHowToSetThem() {
    Cli.Result r = new Cli(dir).run("serve", "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("SUPPORT_API_TOKENS: required").contains("TOKEN=AGENT");
  }

  @Test
  void serve_tokenOfUnknownAgent_orBadTokenFile_exits2_withoutShowingTheToken() throws Exception {
    Cli.Result unknown = new Cli(dir).env("SUPPORT_API_TOKENS", TOKEN + "=nobody")
        .run("serve", "--workspace", Cli.REFERENCE_WORKSPACE.toString());
    Files.writeString(dir.resolve("tokens.txt"), "# agents\n" + TOKEN + "\n");
    Cli.Result badFile = new Cli(dir).env("SUPPORT_API_TOKENS_FILE", "tokens.txt")
        .run("serve", "--workspace", Cli.REFERENCE_WORKSPACE.toString());
    Cli.Result badPort = new Cli(dir).env("SUPPORT_API_TOKENS", TOKEN + "=thomas")
        .run("serve", "--port", "70000", "--workspace", Cli.REFERENCE_WORKSPACE.toString());

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("SUPPORT_API_TOKENS: no such agent in the workspace: nobody")
        .doesNotContain(TOKEN);
    assertThat(badFile.code()).isEqualTo(2);
    assertThat(badFile.err()).contains("SUPPORT_API_TOKENS_FILE: entry 1: must be TOKEN=AGENT")
        .doesNotContain(TOKEN);
    assertThat(badPort.code()).isEqualTo(2);
    assertThat(badPort.err()).contains("--port: must be between 0 and 65535, was 70000");
  }
}
