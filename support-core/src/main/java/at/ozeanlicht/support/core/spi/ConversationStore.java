package at.ozeanlicht.support.core.spi;

import at.ozeanlicht.support.core.api.ConversationPage;
import at.ozeanlicht.support.core.api.CsatView;
import at.ozeanlicht.support.core.api.FindConversations;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Contact;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Port: where conversations live. The engine runs every command as one call of {@link
 * #inTransaction}; everything done through the {@link Transaction} commits or rolls back
 * together. Implementations must be thread-safe; a {@link Transaction} is used by one thread.
 */
public interface ConversationStore extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction and commits it; rolls back if {@code work} throws and
   * rethrows that exception (store failures become {@link at.ozeanlicht.support.core.api.StoreException}).
   */
  <T> T inTransaction(Function<Transaction, T> work);

  /**
   * The SQL database behind this store, for read-only reporting queries ({@code
   * SupportEngine.reports()}); empty for stores that have none.
   */
  default Optional<javax.sql.DataSource> dataSource() {
    return Optional.empty();
  }

  /**
   * Whether the store encrypts message bodies and contact fields at rest; a bulk writer that
   * writes plaintext ({@code SupportEngine.importConversationsBulk}) must then not be used.
   */
  default boolean encryptsAtRest() {
    return false;
  }

  /** Releases pools the store created; a host's own DataSource is left alone. */
  @Override
  void close();

  /** The operations available inside one transaction. */
  interface Transaction {
    /**
     * Writes pending changes and forgets rows read so far (they stay locked); call between
     * independent units of work in one long transaction, such as the conversations of an import
     * batch, so that later work does not pay for earlier rows.
     */
    void checkpoint();

    /** Holds an exclusive lock on {@code key} until the transaction ends (serializes work per contact). */
    void lock(String key);

    /**
     * Holds a shared lock on {@code key} until the transaction ends: shared holders run together,
     * an exclusive {@link #lock} waits for them all and keeps new ones out.
     */
    default void lockShared(String key) {
      lock(key);
    }

    /** The message received on {@code inbox} with this channel message id, if any. */
    Optional<Message> messageByChannelId(String inbox, String channelMessageId);

    /** The contact known on {@code channel} by {@code externalId}, if any. */
    Optional<Contact> contactByExternalId(ChannelType channel, String externalId);

    /** The contact with this id, if any. */
    Optional<Contact> contact(UUID id);

    /** Whether the contact with this id is a VIP; false if there is none (SLA policy choice). */
    default boolean contactVip(UUID id) {
      return contact(id).map(Contact::vip).orElse(false);
    }

    /** Inserts or updates a contact and its channel ids. */
    void saveContact(Contact contact);

    /** The conversation with this id; with {@code forUpdate} its row is locked. */
    Optional<Conversation> conversation(UUID id, boolean forUpdate);

    /** The conversation with this short number ({@code 4711}), if any. */
    Optional<Conversation> conversationByNumber(long number);

    /** The contact's most recently active support conversation on {@code inbox}, locked. */
    Optional<Conversation> latestConversation(UUID contactId, String inbox);

    /** The conversation imported with this external id, if any. */
    Optional<Conversation> conversationByExternalId(String externalId);

    /** The next short conversation number ({@code #4711}). */
    long nextConversationNumber();

    /** Inserts a new conversation (its version must be 0). */
    void insertConversation(Conversation conversation);

    /**
     * Writes a changed conversation whose {@link Conversation#version()} is the version it was
     * read at; returns it with the version increased.
     *
     * @throws at.ozeanlicht.support.core.api.ConflictException if someone else changed it since
     */
    Conversation updateConversation(Conversation conversation);

    /**
     * Inserts a message; returns false and writes nothing if a message with the same channel
     * message id already exists on {@code inbox} (enforced by a unique constraint).
     */
    boolean insertMessage(Message message, String inbox);

    /**
     * {@link #insertMessage} with the analyzer's sentiment in the same row (the receive path
     * analyses before it inserts, saving {@link #saveMessageSentiment}'s extra update).
     */
    default boolean insertMessage(Message message, String inbox,
        at.ozeanlicht.support.core.domain.@org.jspecify.annotations.Nullable Sentiment sentiment) {
      boolean inserted = insertMessage(message, inbox);
      if (inserted && sentiment != null) {
        saveMessageSentiment(message.id(), sentiment);
      }
      return inserted;
    }

    /**
     * Inserts messages in one batch (imports); like {@link #insertMessage}, a message whose
     * channel id already exists on {@code inbox} is skipped. Returns how many were inserted.
     */
    int insertMessages(List<Message> messages, String inbox);

    /** The conversation's messages, oldest first. */
    List<Message> messages(UUID conversationId);

    /** How many messages the conversation holds, notes and activities included. */
    long messageCount(UUID conversationId);

    /** Stores or replaces the CSAT rating of a conversation. */
    void saveCsat(UUID conversationId, at.ozeanlicht.support.core.api.CsatView csat);

    /** The CSAT rating of a conversation, if given. */
    Optional<CsatView> csat(UUID conversationId);

    /**
     * {@link #lock} then {@link #messageByChannelId}, in one statement where the store can. The
     * lookup may then miss a message committed while the lock was awaited; callers insert with
     * the unique (inbox, channel message id) key as the backstop.
     */
    default Optional<Message> lockAndFindMessage(String key, String inbox, String channelMessageId) {
      lock(key);
      return messageByChannelId(inbox, channelMessageId);
    }

    /**
     * Group commit: prepares the receive of several messages in this transaction. Takes their
     * sender locks now, in the given order (a later {@link #lockAndFindMessage} with the same key
     * then takes nothing new), and may read ahead, in one statement each, what receiving them asks
     * next: the duplicate lookup, the senders' contacts, their latest conversations (locked, when
     * {@link ReceiveKeys#latestConversation} is set) and those conversations' open SLA clocks. The
     * later single calls for the same keys answer from what was read, once each, unless this
     * transaction changed that row meanwhile (then they read again). The default takes the locks
     * one by one and reads nothing ahead.
     */
    default void prepareReceives(List<ReceiveKeys> messages) {
      messages.forEach(m -> lock(m.lock()));
    }

    /**
     * What a received message looks up first, for {@link #prepareReceives}.
     *
     * @param lock the sender lock's key
     * @param inbox the inbox id
     * @param channelMessageId the channel's message id (the duplicate check)
     * @param channel the sender's channel
     * @param externalId the sender's id on that channel
     * @param latestConversation whether the receive will ask for the sender's latest conversation
     *     on {@code inbox}
     */
    record ReceiveKeys(String lock, String inbox, String channelMessageId, ChannelType channel,
        String externalId, boolean latestConversation) {}

    /** Appends an event to the outbox. */
    void appendEvent(DomainEvent event);

    /** Appends events to the outbox in this order (one statement where the store can). */
    default void appendEvents(List<DomainEvent> events) {
      events.forEach(this::appendEvent);
    }

    /** Queues a public message for its channel. */
    void enqueueOutbound(OutboundMessage message);

    /**
     * Up to {@code limit} snoozed conversations whose snooze ended at or before {@code now},
     * locked for this transaction and skipped by concurrent callers ({@code SKIP LOCKED}).
     */
    List<Conversation> dueSnoozed(java.time.Instant now, int limit);

    /** A page of conversations. */
    ConversationPage findConversations(FindConversations query);

    // ---------------------------------------------------------------- SLA clocks

    /** Inserts a new clock; at most one open clock per conversation and metric. */
    void insertSlaClock(SlaClock clock);

    /** Writes a changed clock. */
    void updateSlaClock(SlaClock clock);

    /**
     * The conversation's open (not stopped) clocks, locked for this transaction. Callers lock the
     * conversation first, so the order is always conversation, then clocks.
     */
    List<SlaClock> openSlaClocks(UUID conversationId);

    /**
     * Up to {@code limit} running clocks whose warning ({@code warnAt}, not yet warned) or
     * deadline ({@code dueAt}, not yet breached) is at or before {@code now}, each locked together
     * with its conversation row; rows another transaction holds are skipped ({@code SKIP LOCKED}),
     * so concurrent callers never get the same clock.
     */
    List<SlaClock> dueSlaClocks(java.time.Instant now, int limit);

    /** Up to {@code limit} open clocks (running or paused), earliest deadline first. */
    List<SlaClock> findOpenSlaClocks(int limit);

    /** Queues a notification for delivery at its {@code deliverAt}. */
    void enqueueSlaNotification(SlaNotification notification);

    /**
     * Up to {@code limit} undelivered notifications due at or before {@code now}, locked and
     * skipped by concurrent callers ({@code SKIP LOCKED}); {@link #markSlaNotificationSent} them
     * in the same transaction.
     */
    List<SlaNotification> dueSlaNotifications(java.time.Instant now, int limit);

    /** Marks a notification as handed to the notifier. */
    void markSlaNotificationSent(UUID id, java.time.Instant at);

    // ------------------------------------------------------------ routing (issue 3)

    /** Records a rule firing; false (and nothing written) if it already fired for this key. */
    boolean recordFiring(RoutingFiring firing);

    /** Records rule firings in one round trip; those that already fired for their key are skipped. */
    default void recordFirings(List<RoutingFiring> firings) {
      firings.forEach(this::recordFiring);
    }

    /** The firings of a conversation, oldest first. */
    List<RoutingFiring> firings(java.util.UUID conversationId);

    /** Records why an assignment was made. */
    void recordAssignment(AssignmentRecord assignment);

    /** The assignments of a conversation, oldest first. */
    List<AssignmentRecord> assignments(java.util.UUID conversationId);

    /**
     * Holds each agent's assignment lock until the transaction ends, taken in the given order
     * (callers pass handles sorted, so two transactions never wait on each other in a cycle).
     * Whoever reads an agent's open count to give it a conversation holds its lock first.
     */
    void lockAgents(List<String> agents);

    /**
     * Opens savepoint {@code savepoint}, then takes {@code agent}'s assignment lock if it is free,
     * without waiting. Returns whether it was taken; {@link #rollbackTo} releases it again.
     */
    boolean tryLockAgent(String savepoint, String agent);

    /** Rolls back to a savepoint of {@link #tryLockAgent}, releasing the locks taken since. */
    void rollbackTo(String savepoint);

    /** Open and pending conversations per agent, for these agents only (absent: none). */
    java.util.Map<String, Integer> openCountsByAgent(java.util.Collection<String> agents);

    /** Assignments per agent since {@code since} (for the fairness window), for these agents only. */
    java.util.Map<String, Integer> assignmentsSince(java.time.Instant since,
        java.util.Collection<String> agents);

    /** The team's last round-robin agent, locking the team's cursor until the transaction ends. */
    java.util.Optional<String> lockRoundRobin(String team);

    /** Stores the team's last round-robin agent. */
    void saveRoundRobin(String team, String agent, java.time.Instant at);

    /** What routing last decided about AI for a conversation; empty when it was never routed. */
    Optional<Boolean> routingAiAllowed(java.util.UUID conversationId);

    /** Stores the analyzer's sentiment of a received message (as routing saw it). */
    void saveMessageSentiment(java.util.UUID messageId, at.ozeanlicht.support.core.domain.Sentiment sentiment);

    /** Stores what routing decided for a conversation (AI allowed, after hours, escalation policy). */
    /**
     * {@link #recordFirings} and {@link #saveRoutingState} together (one statement where the
     * store can): what routing a received message wrote.
     */
    default void saveRouting(List<RoutingFiring> firings, java.util.UUID conversationId,
        boolean aiAllowed, boolean afterHours, @org.jspecify.annotations.Nullable String escalationPolicy,
        java.time.Instant at) {
      recordFirings(firings);
      saveRoutingState(conversationId, aiAllowed, afterHours, escalationPolicy, at);
    }

    void saveRoutingState(java.util.UUID conversationId, boolean aiAllowed, boolean afterHours,
        @org.jspecify.annotations.Nullable String escalationPolicy, java.time.Instant at);

    /**
     * Sets a conversation's escalation policy (a timed or event rule changed it), leaving what
     * routing decided about AI as it is (a conversation never routed gets AI not allowed).
     *
     * @return whether the policy changed
     */
    boolean saveEscalationPolicy(java.util.UUID conversationId, String escalationPolicy, java.time.Instant at);

    /**
     * Records that an article was suggested in a conversation ({@code kb_suggestions}).
     *
     * @param context {@code before_send}, {@code while_waiting}, {@code preview} or {@code first_response}
     */
    void recordKbSuggestion(java.util.UUID conversationId, String articleId, String context, double score,
        java.time.Instant at);

    /** Records a question the knowledge base had no good article for ({@code kb_gaps}). */
    void recordKbGap(KbGap gap);

    /**
     * Articles suggested before conversations resolved within {@code [from, to)} with no agent
     * message, most conversations first.
     */
    List<KbDeflection> kbDeflections(java.time.Instant from, java.time.Instant to);

    /** Knowledge-base gaps recorded within {@code [from, to)}, newest first, at most {@code limit}. */
    List<KbGap> kbGaps(java.time.Instant from, java.time.Instant to, int limit);

    /**
     * Up to {@code limit} open support conversations without a first response, created at or
     * before {@code createdBefore}, whose escalation {@code stepKey} has not fired, and whose
     * routing policy is {@code policy} ({@code null} policy rows count as {@code defaultPolicy});
     * locked and skipped by concurrent callers ({@code SKIP LOCKED}).
     */
    List<Conversation> dueForFirstResponseEscalation(String policy, boolean isDefault,
        java.time.Instant createdBefore, String stepKey, int limit);

    /** Like {@link #dueForFirstResponseEscalation} for a label step: open, labeled, not fired. */
    List<Conversation> dueForLabelEscalation(String policy, boolean isDefault, String label,
        String stepKey, int limit);

    /** Records an escalation step; false if it had fired before. */
    boolean recordEscalation(java.util.UUID conversationId, String stepKey, String to, java.time.Instant at);

    /** The availability agents set at run time, by handle (agents never set are absent). */
    java.util.Map<String, at.ozeanlicht.support.core.domain.Availability> agentAvailability();

    /** Stores an agent's availability. */
    void saveAvailability(String agent, at.ozeanlicht.support.core.domain.Availability availability,
        java.time.Instant at);

    /**
     * Up to {@code limit} open support conversations of {@code team} without an assignee, oldest
     * first; locked and skipped by concurrent callers ({@code SKIP LOCKED}).
     */
    List<Conversation> waitingUnassigned(String team, int limit);

    /**
     * Up to {@code limit} open support conversations whose customer waits for a human reply (an
     * incoming message after the last agent message) since at or before {@code waitingBefore},
     * oldest wait first, without a firing of {@code rule} for that wait; locked and skipped by
     * concurrent callers ({@code SKIP LOCKED}).
     *
     * @param fromFirst measure the wait from the first unanswered customer message ({@code
     *     no_human_reply}) rather than the last ({@code waiting_on_us})
     */
    List<Waiting> waitingForHuman(String rule, boolean fromFirst, java.time.Instant waitingBefore, int limit);

    /**
     * A conversation whose customer waits for a human.
     *
     * @param conversation the conversation, locked
     * @param since when the wait started (first or last unanswered customer message)
     * @param key the firing key of this wait ({@code since:} and epoch microseconds)
     * @param text the body of the last unanswered customer message
     */
    record Waiting(Conversation conversation, java.time.Instant since, String key, String text) {
      /** Checks for nulls. */
      public Waiting {
        java.util.Objects.requireNonNull(conversation, "conversation");
        java.util.Objects.requireNonNull(since, "since");
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(text, "text");
      }
    }
    // ---------------------------------------------------------------- CSAT (surveys, ratings)

    /** Stores a sent survey; at most one per (conversation, resolution), by a unique constraint. */
    void insertSurvey(CsatSurvey survey);

    /** The survey sent for this resolution of the conversation, if any. */
    Optional<CsatSurvey> surveyFor(UUID conversationId, java.time.Instant resolvedAt);

    /** The survey with this id; with {@code forUpdate} its row is locked. */
    Optional<CsatSurvey> survey(UUID id, boolean forUpdate);

    /**
     * The conversation's latest unanswered reply-form survey that has not expired at {@code now},
     * locked, if any.
     */
    Optional<CsatSurvey> openReplySurvey(UUID conversationId, java.time.Instant now);

    /**
     * Stores a rating, marks its survey answered and makes it the conversation's current rating
     * ({@link #csat}).
     */
    void saveRating(CsatRating rating);

    /**
     * CSAT aggregates computed by the database: survey ratings and imported ratings (those take
     * the conversation's assignee, team and the channel of its inbox from {@code inboxChannels}).
     *
     * @param zone the time zone periods are cut in
     */
    at.ozeanlicht.support.core.api.CsatSummary csatSummary(
        at.ozeanlicht.support.core.api.FindCsat query, java.time.ZoneId zone,
        java.util.Map<String, ChannelType> inboxChannels);
    /** The channel bookkeeping (outbound dispatch, delivery statuses, edits) of this transaction. */
    ChannelStore channels();

    /** The delivery of outbox events to host webhooks in this transaction. */
    EventDeliveryStore eventDeliveries();

    /** The unified inbox's reads and collaboration bookkeeping in this transaction (issue 9). */
    InboxStore inbox();

    /** The audit log, GDPR export and erasure, and retention in this transaction (issue 10). */
    PrivacyStore privacy();
  }
}
