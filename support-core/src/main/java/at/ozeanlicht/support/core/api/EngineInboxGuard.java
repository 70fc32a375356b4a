package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.inbox.InboxGuard;
import at.ozeanlicht.support.core.spi.ConversationStore;
import at.ozeanlicht.support.core.spi.DomainEvent;
import at.ozeanlicht.support.core.spi.InboxStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The engine's {@link AccessPolicy}, {@link AuditTrail} and acting actor, for the unified inbox. */
final class EngineInboxGuard implements InboxGuard {
  private final SupportEngine engine;
  private final AccessPolicy policy;

  EngineInboxGuard(SupportEngine engine, AccessPolicy policy) {
    this.engine = engine;
    this.policy = policy;
  }

  @Override
  public InboxStore.Visibility visibility(Actor actor) {
    if (actor.kind() == Actor.Kind.SYSTEM) {
      return InboxStore.Visibility.all();
    }
    PrivacySettings s = policy.settings();
    String spiritual = s.spiritualTeam();
    return new InboxStore.Visibility(
        s.restrictedTeams().stream().filter(t -> !actor.teams().contains(t)).collect(Collectors.toSet()),
        actor.kind() == Actor.Kind.AGENT ? actor.id() : null,
        spiritual != null && !actor.teams().contains(spiritual) ? spiritual : null,
        PrivacySettings.SPIRITUAL_LABEL);
  }

  @Override
  public void requireVisible(Actor actor, String action, Conversation c) {
    policy.requireVisible(actor, action, c);
  }

  @Override
  public void requireTeam(Actor actor, String action, @Nullable String team) {
    policy.requireTeam(actor, action, team);
  }

  @Override
  public void audit(ConversationStore.Transaction tx, Actor actor, String command, List<DomainEvent> events,
      Map<UUID, Conversation> before) {
    AuditTrail.record(tx, actor, command, events, before);
  }

  @Override
  public <T> T acting(Actor actor, String command, Supplier<T> work) {
    return engine.acting(actor, command, work);
  }

  @Override
  public <T> T inOneTransaction(Actor actor, String command, Function<EngineWork, T> body) {
    return engine.oneTransaction(actor, command, body);
  }
}
