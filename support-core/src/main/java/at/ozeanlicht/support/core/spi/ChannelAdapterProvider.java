package at.ozeanlicht.support.core.spi;

/**
 * Creates {@link ChannelAdapter}s of one type from their configuration record. Registered on the
 * engine builder or found by {@link java.util.ServiceLoader} when {@code discoverAdapters()} is
 * on; two providers of the same {@link #type()} are a configuration error.
 *
 * <p>Implementations need a public no-arg constructor and must be stateless and thread-safe.
 *
 * @param <C> the configuration record type
 */
public interface ChannelAdapterProvider<C> {

  /** A stable, lower-case type name, e.g. {@code whatsapp}, {@code telegram}. */
  String type();

  /** The configuration record this provider takes. */
  Class<C> configType();

  /** The inbox a configuration is for (every configuration names exactly one inbox). */
  String inbox(C config);

  /**
   * Creates an adapter; resolves secrets through the context here, so missing ones fail at start.
   *
   * @throws at.ozeanlicht.support.core.api.ConfigurationException if the configuration or a
   *     secret is missing or invalid
   */
  ChannelAdapter create(C config, ChannelContext context);
}
