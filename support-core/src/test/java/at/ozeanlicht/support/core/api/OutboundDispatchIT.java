package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.domain.OutboundStatus;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.testkit.FakeChannelAdapter;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class OutboundDispatchIT {
  private static final DispatchPolicy POLICY =
      new DispatchPolicy(3, Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofMinutes(5), 50);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final FakeChannelAdapter wa = new FakeChannelAdapter("whatsapp", "wa");
  private SupportEngine engine;

  @BeforeEach
  void setUp() {
    engine = SupportEngine.builder().store(SharedPostgres.database().conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).channelAdapter(wa)
        .dispatchPolicy(POLICY).build();
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private Message replyTo(String customer) {
    Conversation c = engine.receive(ReceiveMessage.text("wa", InboundContact.of(customer),
        "wamid." + customer, "Hallo")).conversation();
    return engine.reply(new SendReply(c.id(), "anna", "Antwort an " + customer));
  }

  private OutboundView only() {
    List<OutboundView> all = engine.outbound(null, 10);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void dispatch_accepted_marksSentWithExternalIdAndCarriesContext() {
    Message reply = replyTo("4915100000001");

    TickReport report = engine.dispatch(clock.instant());

    assertThat(report.count("outboundSent")).isEqualTo(1);
    OutboundDelivery d = wa.sent().get(0);
    assertThat(d.messageId()).isEqualTo(reply.id());
    assertThat(d.body()).isEqualTo("Antwort an 4915100000001");
    assertThat(d.recipient()).isEqualTo("4915100000001");
    assertThat(d.replyTo()).isEqualTo("wamid.4915100000001");
    assertThat(d.lastInboundAt()).isEqualTo(clock.instant());
    assertThat(d.attempt()).isEqualTo(1);
    assertThat(d.idempotencyKey()).isEqualTo(d.outboxId().toString());
    OutboundView v = only();
    assertThat(v.status()).isEqualTo(OutboundStatus.SENT);
    assertThat(v.externalId()).isEqualTo("ext-1");
    assertThat(v.deliveryStatus()).isEqualTo(DeliveryStatus.SENT);
    assertThat(engine.dispatch(clock.instant().plusSeconds(3600)).counts()).isEmpty();
    assertThat(wa.sent()).hasSize(1);
  }

  @Test
  void dispatch_retryAfter_isHonouredExactly() {
    replyTo("4915100000002");
    wa.then(d -> DeliveryResult.retryable(Duration.ofSeconds(35), "429", "too many requests"));

    assertThat(engine.dispatch(clock.instant()).count("outboundRetried")).isEqualTo(1);
    OutboundView v = only();
    assertThat(v.status()).isEqualTo(OutboundStatus.PENDING);
    assertThat(v.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(35));
    assertThat(v.lastErrorCode()).isEqualTo("429");

    assertThat(engine.dispatch(clock.instant().plusSeconds(34)).counts()).isEmpty();
    assertThat(engine.dispatch(clock.instant().plusSeconds(35)).count("outboundSent")).isEqualTo(1);
    assertThat(wa.sent()).extracting(OutboundDelivery::attempt).containsExactly(1, 2);
    assertThat(wa.sent()).extracting(OutboundDelivery::idempotencyKey).containsOnly(
        wa.sent().get(0).idempotencyKey());
  }

  @Test
  void dispatch_retryableWithoutWait_backsOffExponentiallyWithJitterThenDies() {
    replyTo("4915100000003");
    for (int i = 0; i < 3; i++) {
      wa.then(d -> DeliveryResult.retryable(null, "131000", "temporary"));
    }
    Instant t = clock.instant();
    engine.dispatch(t);
    Instant first = only().nextAttemptAt();
    // attempt 1 failed: backoff 10 s, half of it jitter
    assertThat(first).isBetween(t.plusSeconds(5), t.plusSeconds(10));

    engine.dispatch(first);
    Instant second = only().nextAttemptAt();
    assertThat(second).isBetween(first.plusSeconds(10), first.plusSeconds(20));

    TickReport last = engine.dispatch(second);
    assertThat(last.count("outboundDead")).isEqualTo(1);
    OutboundView dead = only();
    assertThat(dead.status()).isEqualTo(OutboundStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastErrorCode()).isEqualTo("131000");
    assertThat(engine.outbound(OutboundStatus.DEAD, 10)).hasSize(1);
    assertThat(engine.dispatch(second.plusSeconds(86400)).counts()).isEmpty();

    OutboundView requeued = engine.retryOutbound(dead.id());
    assertThat(requeued.status()).isEqualTo(OutboundStatus.PENDING);
    assertThat(requeued.attempts()).isZero();
    assertThat(engine.dispatch(clock.instant()).count("outboundSent")).isEqualTo(1);
    assertThat(only().status()).isEqualTo(OutboundStatus.SENT);
  }

  @Test
  void dispatch_permanent_failsVisiblyWithCodeAndIsNotRetried() {
    replyTo("4915100000004");
    wa.then(d -> DeliveryResult.permanent("template_required", "24-hour window closed"));

    assertThat(engine.dispatch(clock.instant()).count("outboundFailed")).isEqualTo(1);
    OutboundView v = only();
    assertThat(v.status()).isEqualTo(OutboundStatus.FAILED);
    assertThat(v.lastErrorCode()).isEqualTo("template_required");
    assertThat(engine.dispatch(clock.instant().plusSeconds(86400)).counts()).isEmpty();
    assertThat(wa.sent()).hasSize(1);
  }

  @Test
  void dispatch_adapterThrows_isRetryable() {
    replyTo("4915100000005");
    wa.then(d -> {
      throw new IllegalStateException("boom");
    });
    assertThat(engine.dispatch(clock.instant()).count("outboundRetried")).isEqualTo(1);
    assertThat(only().lastErrorCode()).isEqualTo("exception");
  }

  @Test
  void retryOutbound_sentMessage_isAConflict() {
    replyTo("4915100000006");
    engine.dispatch(clock.instant());
    UUID id = only().id();
    assertThatThrownBy(() -> engine.retryOutbound(id)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("is sent; only failed or dead ones can be retried");
    assertThatThrownBy(() -> engine.retryOutbound(UUID.randomUUID()))
        .isInstanceOf(NotFoundException.class);
  }

  /**
   * A dispatcher dies after the channel accepted message 3 of 10 and before recording it. The
   * claimed batch stays {@code sending} until the lease ends; then another dispatch sends all of
   * them. Only the message whose send happened before the crash goes out twice, with the same
   * idempotency key.
   */
  @Test
  void dispatch_crashBetweenSendAndRecord_resendsAfterLeaseWithSameKey() {
    for (int i = 0; i < 10; i++) {
      replyTo("49151000001" + i);
    }
    wa.then(d -> DeliveryResult.accepted("ext-a")).then(d -> DeliveryResult.accepted("ext-b"))
        .then(d -> {
          throw new FakeChannelAdapter.Crash();
        });
    Instant t = clock.instant();
    assertThatThrownBy(() -> engine.dispatch(t)).isInstanceOf(FakeChannelAdapter.Crash.class);
    assertThat(engine.outbound(OutboundStatus.SENT, 20)).hasSize(2);
    assertThat(engine.outbound(OutboundStatus.SENDING, 20)).hasSize(8);

    // Before the lease ends nobody touches the claimed rows.
    assertThat(engine.dispatch(t.plus(POLICY.lease()).minusSeconds(1)).counts()).isEmpty();
    TickReport after = engine.dispatch(t.plus(POLICY.lease()));

    assertThat(after.count("outboundSent")).isEqualTo(8);
    assertThat(engine.outbound(OutboundStatus.SENT, 20)).hasSize(10);
    Map<String, Integer> sendsPerKey = new HashMap<>();
    for (OutboundDelivery d : wa.sent()) {
      sendsPerKey.merge(d.idempotencyKey(), 1, Integer::sum);
    }
    assertThat(sendsPerKey).hasSize(10);
    List<String> twice = new ArrayList<>();
    sendsPerKey.forEach((k, n) -> {
      if (n > 1) {
        twice.add(k);
      }
    });
    assertThat(twice).hasSize(1);
    assertThat(wa.sent()).hasSize(11);
    System.out.printf("crash-safety: 10 queued, 3 sends before the crash (1 unrecorded),"
        + " %d sends in total, %d duplicate(s) with the same key%n", wa.sent().size(), twice.size());
  }

  @Test
  void dispatch_leaseExpiredAfterLastAttempt_isDeadNotResent() {
    replyTo("4915100000007");
    wa.then(d -> DeliveryResult.retryable(null, "1", "temp"))
        .then(d -> DeliveryResult.retryable(null, "1", "temp"))
        .then(d -> {
          throw new FakeChannelAdapter.Crash();
        });
    Instant t = clock.instant();
    engine.dispatch(t);
    engine.dispatch(t.plusSeconds(60));
    assertThatThrownBy(() -> engine.dispatch(t.plusSeconds(120)))
        .isInstanceOf(FakeChannelAdapter.Crash.class);
    TickReport r = engine.dispatch(t.plusSeconds(120).plus(POLICY.lease()));
    assertThat(r.count("outboundDead")).isEqualTo(1);
    assertThat(only().lastErrorCode()).isEqualTo("lease_expired");
    assertThat(wa.sent()).hasSize(3);
  }

  @Test
  void statuses_onlyMoveForward_andSetMessageTimes() {
    Message reply = replyTo("4915100000008");
    engine.dispatch(clock.instant());
    Instant t = clock.instant();
    Channels ch = channels();
    assertThat(ch.apply(new InboundEvent.StatusChanged("wa", "ext-1", DeliveryStatus.READ,
        t.plusSeconds(20), null))).isTrue();
    assertThat(ch.apply(new InboundEvent.StatusChanged("wa", "ext-1", DeliveryStatus.DELIVERED,
        t.plusSeconds(10), null))).isFalse();
    assertThat(ch.apply(new InboundEvent.StatusChanged("wa", "ext-1", DeliveryStatus.READ,
        t.plusSeconds(20), null))).isFalse();
    assertThat(ch.apply(new InboundEvent.StatusChanged("wa", "unknown", DeliveryStatus.READ,
        t, null))).isFalse();
    assertThat(only().deliveryStatus()).isEqualTo(DeliveryStatus.READ);
    Message stored = engine.conversation(reply.conversationId()).orElseThrow().messages().stream()
        .filter(m -> m.id().equals(reply.id())).findFirst().orElseThrow();
    assertThat(stored.deliveredAt()).isEqualTo(t.plusSeconds(20));
    assertThat(stored.readAt()).isEqualTo(t.plusSeconds(20));
  }

  private Channels channels() {
    return new Channels(Map.of("wa", wa), POLICY, SharedPostgres.database().conversationStore());
  }
}
