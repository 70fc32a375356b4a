package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.SecretResolver;
import at.ozeanlicht.support.core.testkit.FakeChannelAdapter;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelRegistrationTest {
  record FakeConfig(String inbox) {}

  static class FakeProvider implements ChannelAdapterProvider<FakeConfig> {
    @Override
    public String type() {
      return "whatsapp";
    }

    @Override
    public Class<FakeConfig> configType() {
      return FakeConfig.class;
    }

    @Override
    public String inbox(FakeConfig config) {
      return config.inbox();
    }

    @Override
    public ChannelAdapter create(FakeConfig config, ChannelContext context) {
      return new FakeChannelAdapter("whatsapp", config.inbox());
    }
  }

  static final class OtherProvider extends FakeProvider {}

  private static final ChannelContext CONTEXT = new ChannelContext(Clock.systemUTC(),
      SecretResolver.standard(), HttpClient.newHttpClient());

  @Test
  void providers_twoOfOneType_isAConfigurationErrorNamingBoth() {
    assertThatThrownBy(() -> Channels.providers(List.of(new FakeProvider(), new OtherProvider()), false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two providers of type 'whatsapp'")
        .hasMessageContaining(FakeProvider.class.getName())
        .hasMessageContaining(OtherProvider.class.getName());
  }

  @Test
  void adapters_configIsCreatedByItsProvider_andCheckedAgainstTheWorkspace() {
    Map<String, ChannelAdapter> ok = Channels.adapters(TestWorkspaces.small(),
        Channels.providers(List.of(new FakeProvider()), false), List.of(new FakeConfig("wa")),
        List.of(), CONTEXT);
    assertThat(ok).containsOnlyKeys("wa");

    assertThatThrownBy(() -> Channels.adapters(TestWorkspaces.small(),
        Channels.providers(List.of(new FakeProvider()), false), List.of(new FakeConfig("tg")),
        List.of(), CONTEXT))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("channel: inbox 'tg' is a telegram inbox, but its adapter is of type 'whatsapp'");
    assertThatThrownBy(() -> Channels.adapters(TestWorkspaces.small(),
        Channels.providers(List.of(), false), List.of(new FakeConfig("wa")), List.of(), CONTEXT))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no provider takes");
    assertThatThrownBy(() -> Channels.adapters(TestWorkspaces.small(), Map.of(), List.of(),
        List.of(new FakeChannelAdapter("whatsapp", "nope")), CONTEXT))
        .hasMessageContaining("inbox 'nope' of the whatsapp adapter is not in the workspace");
    assertThatThrownBy(() -> Channels.adapters(TestWorkspaces.small(), Map.of(), List.of(),
        List.of(new FakeChannelAdapter("whatsapp", "wa"), new FakeChannelAdapter("whatsapp", "wa")),
        CONTEXT))
        .hasMessageContaining("inbox 'wa' has two adapters");
  }

  @Test
  void secrets_resolveEnvAndFile_neverInline(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("token"), "s3cret\n");
    SecretResolver r = SecretResolver.of(name -> name.equals("WA_SECRET") ? "abc" : null, dir);
    assertThat(r.resolve("appSecret", "env:WA_SECRET")).isEqualTo("abc");
    assertThat(r.resolve("accessToken", "file:token")).isEqualTo("s3cret");
    assertThatThrownBy(() -> r.resolve("appSecret", "env:MISSING"))
        .hasMessage("appSecret: environment variable MISSING is not set (referenced as 'env:MISSING')");
    assertThatThrownBy(() -> r.resolve("appSecret", "plain-secret-value"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("must be a secret reference env:NAME or file:PATH")
        .hasMessageNotContaining("plain");
  }

  @Test
  void inboundRequest_headersIgnoreCase_toStringHidesContent() {
    InboundRequest r = InboundRequest.post("/webhooks/wa",
        Map.of("X-Hub-Signature-256", List.of("sha256=00")), "{\"a\":1}".getBytes());
    assertThat(r.header("x-hub-signature-256")).contains("sha256=00");
    assertThat(r.toString()).isEqualTo("InboundRequest[POST /webhooks/wa, 7 bytes]");
  }
}
