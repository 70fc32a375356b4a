package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.core.domain.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One inbound mail as the parser understood it. Keeps the full decoded text and the new text
 * (quotes and signature removed), both for plain text and sanitized HTML.
 *
 * @param dedupeKey the {@code Message-ID} ({@code <…>}), else {@code sha256:<hex>} of the raw bytes
 * @param messageId the {@code Message-ID}, or null
 * @param from the sender's address, lower-cased
 * @param fromName the sender's display name, or null
 * @param recipients every address in {@code To}, {@code Cc}, {@code Delivered-To}, {@code
 *     X-Original-To}, lower-cased
 * @param subject the decoded subject, empty if none
 * @param date the {@code Date} header, or null
 * @param inReplyTo the {@code In-Reply-To} ids
 * @param references the {@code References} ids, oldest first
 * @param fullText the whole decoded text (from HTML if there is no plain part)
 * @param replyText the new text
 * @param html the sanitized HTML body, or null
 * @param replyHtml the new part of the sanitized HTML, or null
 * @param attachments attachment metadata
 * @param automation what kind of automatic mail this is
 * @param failedRecipients for bounces: the addresses that failed, lower-cased
 * @param bouncedMessageIds for bounces: the {@code Message-ID}s of the returned messages
 * @param bounceStatus for bounces: the DSN status such as {@code 5.1.1}, or null
 */
record ParsedMail(
    String dedupeKey,
    @Nullable String messageId,
    String from,
    @Nullable String fromName,
    List<String> recipients,
    String subject,
    @Nullable Instant date,
    List<String> inReplyTo,
    List<String> references,
    String fullText,
    String replyText,
    @Nullable String html,
    @Nullable String replyHtml,
    List<Attachment> attachments,
    Automation automation,
    List<String> failedRecipients,
    List<String> bouncedMessageIds,
    @Nullable String bounceStatus) {

  /** Automatic mail per RFC 3834, RFC 2369/2919 and RFC 3464; never answered. */
  enum Automation {
    /** A person wrote it. */
    NONE,
    /** {@code Auto-Submitted}, {@code X-Autoreply}, {@code X-Autorespond}, {@code Precedence: bulk|junk|auto_reply}. */
    AUTO_REPLY,
    /** {@code List-Id}, {@code List-Unsubscribe}, {@code Precedence: list}. */
    LIST,
    /** A delivery failure report. */
    BOUNCE
  }

  ParsedMail {
    Objects.requireNonNull(dedupeKey, "dedupeKey");
    Objects.requireNonNull(from, "from");
    recipients = List.copyOf(recipients);
    inReplyTo = List.copyOf(inReplyTo);
    references = List.copyOf(references);
    attachments = List.copyOf(attachments);
    failedRecipients = List.copyOf(failedRecipients);
    bouncedMessageIds = List.copyOf(bouncedMessageIds);
  }

  /** Ids and counts only. */
  @Override
  public String toString() {
    return "ParsedMail[" + dedupeKey + ", " + automation + ", " + attachments.size() + " attachments]";
  }
}
