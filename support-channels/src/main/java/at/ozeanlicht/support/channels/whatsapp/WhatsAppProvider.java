package at.ozeanlicht.support.channels.whatsapp;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.ChannelAdapterProvider;
import at.ozeanlicht.support.core.spi.ChannelContext;

/**
 * Creates WhatsApp Cloud API adapters ({@code whatsapp}); the ServiceLoader entry of this
 * package. Stateless and thread-safe.
 */
public final class WhatsAppProvider implements ChannelAdapterProvider<WhatsAppConfig> {
  /** For ServiceLoader. */
  public WhatsAppProvider() {}

  @Override
  public String type() {
    return "whatsapp";
  }

  @Override
  public Class<WhatsAppConfig> configType() {
    return WhatsAppConfig.class;
  }

  @Override
  public String inbox(WhatsAppConfig config) {
    return config.inbox();
  }

  @Override
  public ChannelAdapter create(WhatsAppConfig config, ChannelContext context) {
    return new WhatsAppCloudChannel(config,
        context.secrets().resolve("appSecret", config.appSecret()),
        context.secrets().resolve("accessToken", config.accessToken()),
        context.secrets().resolve("verifyToken", config.verifyToken()),
        context.clock(), context.httpClient());
  }
}
