package at.ozeanlicht.support.core.testkit;

import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A hand-written channel adapter for tests: records every send, answers from a script (default:
 * accepted with id {@code ext-<n>}), accepts every request and parses nothing.
 */
public final class FakeChannelAdapter implements ChannelAdapter {
  /** Thrown by a scripted send to simulate the process dying after the channel accepted. */
  public static final class Crash extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates it. */
    public Crash() {
      super("simulated crash after send", null, false, false);
    }
  }

  private final String type;
  private final String inbox;
  private final List<OutboundDelivery> sent = new CopyOnWriteArrayList<>();
  private final Deque<Function<OutboundDelivery, DeliveryResult>> script = new ArrayDeque<>();

  /** An adapter of {@code type} for {@code inbox}. */
  public FakeChannelAdapter(String type, String inbox) {
    this.type = type;
    this.inbox = inbox;
  }

  /** The next sends answer these, in order; after that every send is accepted. */
  public synchronized FakeChannelAdapter then(Function<OutboundDelivery, DeliveryResult> answer) {
    script.add(answer);
    return this;
  }

  /** Every delivery handed to {@link #send}, in order. */
  public List<OutboundDelivery> sent() {
    return List.copyOf(sent);
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public String inbox() {
    return inbox;
  }

  @Override
  public Verification verify(InboundRequest request) {
    return Verification.verified();
  }

  @Override
  public List<InboundEvent> parse(InboundRequest request) {
    return List.of();
  }

  @Override
  public DeliveryResult send(OutboundDelivery delivery) {
    sent.add(delivery);
    Function<OutboundDelivery, DeliveryResult> next;
    synchronized (this) {
      next = script.poll();
    }
    return next == null ? DeliveryResult.accepted("ext-" + sent.size()) : next.apply(delivery);
  }
}
