package at.ozeanlicht.support.core.api;

import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.AgentRole;
import at.ozeanlicht.support.core.domain.Conversation;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Who may do what: roles ({@code agent} < {@code lead} < {@code admin}), team restrictions and
 * the spiritual restriction of {@link PrivacySettings}. The system actor may do everything. Every
 * refusal is an {@link AccessDeniedException} naming actor, action, resource and the reason.
 */
final class AccessPolicy {
  private final PrivacySettings settings;
  private final Consumer<DeniedAccessLog.Denial> denials;

  /** {@code denials} hears of every refusal before it is thrown (the audit log, issue 10). */
  AccessPolicy(PrivacySettings settings, Consumer<DeniedAccessLog.Denial> denials) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.denials = Objects.requireNonNull(denials, "denials");
  }

  PrivacySettings settings() {
    return settings;
  }

  /** Refuses unless the actor has at least {@code role}. */
  void requireRole(Actor actor, String action, String resource, AgentRole role) {
    if (actor.kind() != Actor.Kind.SYSTEM && actor.role().ordinal() < role.ordinal()) {
      throw deny(actor, action, resource, "requires role " + role.wire() + " or higher");
    }
  }

  /** Refuses agents: channel ingress (customer messages, survey answers) is for services and the system. */
  void requireIngress(Actor actor, String action, String resource) {
    if (actor.kind() == Actor.Kind.AGENT) {
      throw deny(actor, action, resource, "customer ingress is for services and the system, not agents");
    }
  }

  /** Refuses an agent acting under another agent's handle. */
  void requireSelf(Actor actor, String action, String resource, @Nullable String handle, String field) {
    if (handle != null && actor.kind() == Actor.Kind.AGENT && !actor.is(handle)) {
      throw deny(actor, action, resource, field + " '" + handle + "' is not the acting agent");
    }
  }

  /** Refuses unless the actor may read and change {@code c}. */
  void requireVisible(Actor actor, String action, Conversation c) {
    hidden(actor, c).ifPresent(why -> {
      throw deny(actor, action, "conversation #" + c.number(), why, c.id(), c.contactId());
    });
  }

  /** Whether the actor may read and change {@code c}. */
  boolean visible(Actor actor, Conversation c) {
    return hidden(actor, c).isEmpty();
  }

  /** Refuses a query filtered on a team the actor may not see. */
  void requireTeam(Actor actor, String action, @Nullable String team) {
    if (team == null || actor.kind() == Actor.Kind.SYSTEM || actor.teams().contains(team)) {
      return;
    }
    if (team.equals(settings.spiritualTeam())) {
      throw deny(actor, action, "team " + team, "spiritual conversations are restricted to team " + team);
    }
    if (settings.restrictedTeams().contains(team)) {
      throw deny(actor, action, "team " + team, "team " + team + " restricts its conversations to members");
    }
  }

  private Optional<String> hidden(Actor actor, Conversation c) {
    if (actor.kind() == Actor.Kind.SYSTEM) {
      return Optional.empty();
    }
    String spiritual = settings.spiritualTeam();
    if (spiritual != null && (spiritual.equals(c.team()) || c.labels().contains(PrivacySettings.SPIRITUAL_LABEL))
        && !actor.teams().contains(spiritual)) {
      return Optional.of("spiritual conversations are restricted to team " + spiritual);
    }
    String team = c.team();
    if (team != null && settings.restrictedTeams().contains(team) && !actor.teams().contains(team)
        && !(c.assignee() != null && actor.is(c.assignee()))) {
      return Optional.of("team " + team + " restricts its conversations to members");
    }
    return Optional.empty();
  }

  /**
   * The refusal to throw, recorded first. Resources named {@code conversation <uuid>} or {@code
   * contact <uuid>} (as the session names them) give the audit entry its conversation or contact.
   */
  AccessDeniedException deny(Actor actor, String action, String resource, String why) {
    return deny(actor, action, resource, why, idAfter("conversation ", resource), idAfter("contact ", resource));
  }

  private AccessDeniedException deny(Actor actor, String action, String resource, String why,
      @Nullable UUID conversationId, @Nullable UUID contactId) {
    denials.accept(new DeniedAccessLog.Denial(actor, action, resource, why, conversationId, contactId));
    return new AccessDeniedException("access denied: " + actor.kind().wire() + " '" + actor.id()
        + "' (role " + actor.role().wire() + ") may not " + action + " " + resource + ": " + why);
  }

  private static @Nullable UUID idAfter(String prefix, String resource) {
    if (!resource.startsWith(prefix)) {
      return null;
    }
    try {
      return UUID.fromString(resource.substring(prefix.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
