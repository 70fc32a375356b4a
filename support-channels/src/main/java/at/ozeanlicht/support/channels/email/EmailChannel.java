package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.email.ParsedMail.Automation;
import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.core.api.InboundContact;
import at.ozeanlicht.support.core.api.ReceiveHints;
import at.ozeanlicht.support.core.api.ReceiveMessage;
import at.ozeanlicht.support.core.domain.ContentType;
import at.ozeanlicht.support.core.spi.ChannelAdapter;
import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.DeliveryStatus;
import at.ozeanlicht.support.core.spi.InboundEvent;
import at.ozeanlicht.support.core.spi.InboundRequest;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import at.ozeanlicht.support.core.spi.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-mail adapter for one inbox. Inbound: a webhook posts the raw {@code .eml}, signed with
 * {@code X-Support-Signature: sha256=<hex>} (HMAC-SHA256 over the body); the IMAP poller feeds
 * the same path. Contacts are keyed by the lower-cased {@code From} address, messages by {@code
 * Message-ID} (else the SHA-256 of the raw bytes). Thread-safe.
 */
final class EmailChannel implements ChannelAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);
  static final String SIGNATURE_HEADER = "X-Support-Signature";
  /** Local parts of addresses that must never get a reply (RFC 3834 §2, RFC 5321 §4.5.1). */
  static final Pattern NEVER_ANSWERED = Pattern.compile("^(no[-_.]?reply|do[-_.]?not[-_.]?reply"
      + "|mailer[-_.]?daemon|postmaster|bounces?)([-+.][^@]*)?@", Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBJECT_TAG = Pattern.compile("\\[#(\\d{1,18})\\]");

  private final EmailConfig config;
  private final String webhookSecret;
  private final ReplyTokens tokens;
  private final SmtpSender sender;
  private final Clock clock;

  EmailChannel(EmailConfig config, String webhookSecret, ReplyTokens tokens, SmtpSender sender,
      Clock clock) {
    this.config = config;
    this.webhookSecret = webhookSecret;
    this.tokens = tokens;
    this.sender = sender;
    this.clock = clock;
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public String inbox() {
    return config.inbox();
  }

  /** Raw MIME with attachments: providers cap inbound mail at 25-30 MB; base64 adds a third. */
  @Override
  public int maxBodyBytes() {
    return 40 << 20;
  }

  @Override
  public Verification verify(InboundRequest request) {
    if (!request.method().equals("POST")) {
      return Verification.denied(403, "method_not_allowed");
    }
    String header = request.header(SIGNATURE_HEADER).orElse(null);
    if (header == null) {
      return Verification.denied(401, "signature_missing");
    }
    String expected = "sha256=" + Signatures.hmacSha256Hex(webhookSecret, request.body());
    if (!Signatures.constantTimeEquals(header.strip().toLowerCase(java.util.Locale.ROOT), expected)) {
      return Verification.denied(403, "signature_mismatch");
    }
    return Verification.verified();
  }

  /**
   * {@inheritDoc}
   *
   * @throws MalformedPayloadException if the body is not a mail with a sender address
   */
  @Override
  public List<InboundEvent> parse(InboundRequest request) {
    return events(MailParser.parse(request.body()));
  }

  /** The events of one parsed mail: the message and, for a bounce of ours, a failed status. */
  List<InboundEvent> events(ParsedMail mail) {
    List<InboundEvent> events = new ArrayList<>();
    String body = !mail.replyText().isBlank() ? mail.replyText()
        : !mail.fullText().isBlank() ? mail.fullText()
        : mail.attachments().isEmpty() ? "(empty e-mail)" : "";
    ReceiveMessage message = new ReceiveMessage(config.inbox(),
        new InboundContact(mail.from(), mail.fromName(), mail.from(), null, null),
        mail.dedupeKey(), body, body.isEmpty() ? ContentType.ATTACHMENT : ContentType.TEXT,
        mail.attachments(), mail.date(), hints(mail));
    events.add(new InboundEvent.MessageReceived(message));
    if (mail.automation() == Automation.BOUNCE) {
      for (String id : mail.bouncedMessageIds()) {
        if (tokens.conversationOfMessageId(id).isPresent()) {
          events.add(new InboundEvent.StatusChanged(config.inbox(), id, DeliveryStatus.FAILED,
              clock.instant(), mail.bounceStatus() == null ? "bounce" : "bounce_" + mail.bounceStatus()));
        }
      }
    }
    LOG.debug("parsed mail {} on inbox {} ({})", mail.dedupeKey(), config.inbox(), mail.automation());
    return events;
  }

  /** Threading per channels.md §3.2: reply token, then our and stored Message-IDs, then the tag. */
  ReceiveHints hints(ParsedMail mail) {
    Set<UUID> conversations = new LinkedHashSet<>();
    for (String recipient : mail.recipients()) {
      tokens.conversation(recipient).ifPresent(conversations::add);
    }
    List<String> referenced = new ArrayList<>(mail.inReplyTo());
    List<String> references = new ArrayList<>(mail.references());
    java.util.Collections.reverse(references);
    referenced.addAll(references);
    Set<String> stored = new LinkedHashSet<>();
    for (String id : referenced) {
      tokens.conversationOfMessageId(id).ifPresentOrElse(conversations::add, () -> stored.add(id));
    }
    Matcher tag = SUBJECT_TAG.matcher(mail.subject());
    Long number = tag.find() ? Long.valueOf(tag.group(1)) : null;
    return new ReceiveHints(List.copyOf(conversations), List.copyOf(stored), number,
        mail.subject().isBlank() ? null : mail.subject(), mail.automation() != Automation.NONE,
        mail.failedRecipients(), mail.fullText().isBlank() ? null : mail.fullText(), mail.html());
  }

  @Override
  public DeliveryResult send(OutboundDelivery delivery) {
    if (!delivery.isPublic()) {
      return DeliveryResult.rejected("only public messages are sent to a channel");
    }
    if (NEVER_ANSWERED.matcher(delivery.recipient()).find()) {
      // Mail to these is dropped or answered by a machine: at best nobody reads it, at worst
      // the answer bounces back and forth.
      return DeliveryResult.permanent("undeliverable_address", "the recipient is a no-reply,"
          + " mailer-daemon or postmaster address; mail to it is never read and may loop");
    }
    return sender.send(delivery);
  }
}
