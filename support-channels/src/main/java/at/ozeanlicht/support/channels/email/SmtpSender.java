package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.core.spi.DeliveryResult;
import at.ozeanlicht.support.core.spi.OutboundDelivery;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one agent reply over SMTP: UTF-8 text and HTML as {@code multipart/alternative}, our own
 * {@code Message-ID} (conversation and outbox id, stable across retries), {@code In-Reply-To} and
 * {@code References} to the customer's last mail, {@code Reply-To} with the signed reply token and
 * the subject tag {@code [#number]}. SMTP 4xx and connection problems are retryable, 5xx permanent.
 * Thread-safe.
 */
final class SmtpSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);
  private static final Pattern REPLY_CODE = Pattern.compile("(?:^|\\D)([45])(\\d\\d)[ -]");
  private static final Pattern RE_PREFIX = Pattern.compile(
      "^\\s*((re|aw|fwd?|wg|antw)\\s*:\\s*|\\[#\\d+\\]\\s*)+", Pattern.CASE_INSENSITIVE);

  private final EmailConfig config;
  private final @Nullable String password;
  private final ReplyTokens tokens;
  private final Clock clock;
  private final Session session;

  SmtpSender(EmailConfig config, @Nullable String password, ReplyTokens tokens, Clock clock) {
    this.config = config;
    this.password = password;
    this.tokens = tokens;
    this.clock = clock;
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", config.host());
    p.setProperty("mail.smtp.port", Integer.toString(config.port()));
    p.setProperty("mail.smtp.connectiontimeout", "20000");
    p.setProperty("mail.smtp.timeout", "20000");
    p.setProperty("mail.smtp.writetimeout", "20000");
    p.setProperty("mail.smtp.auth", Boolean.toString(!config.username().isBlank()));
    p.setProperty("mail.smtp.starttls.enable", "true");
    p.setProperty("mail.smtp.from", config.fromAddress());
    this.session = Session.getInstance(p);
  }

  DeliveryResult send(OutboundDelivery d) {
    String messageId = tokens.messageId(d.conversationId(), d.outboxId());
    OutgoingMail mail;
    try {
      mail = build(d, messageId);
    } catch (AddressException e) {
      return DeliveryResult.permanent("invalid_address", "recipient is not a valid address");
    } catch (MessagingException e) {
      return DeliveryResult.permanent("mime", "message could not be built: " + e.getClass().getSimpleName());
    }
    try {
      if (config.username().isBlank()) {
        Transport.send(mail);
      } else {
        Transport.send(mail, config.username(), password);
      }
      LOG.debug("outbox {} sent as mail", d.outboxId());
      return DeliveryResult.accepted(messageId);
    } catch (MessagingException e) {
      return classify(e);
    }
  }

  OutgoingMail build(OutboundDelivery d, String messageId) throws MessagingException {
    OutgoingMail mail = new OutgoingMail(session, messageId);
    mail.setSentDate(Date.from(clock.instant()));
    mail.setFrom(new InternetAddress(config.fromAddress()));
    mail.setRecipient(Message.RecipientType.TO, new InternetAddress(d.recipient(), true));
    mail.setReplyTo(new InternetAddress[] {new InternetAddress(tokens.address(d.conversationId()))});
    mail.setSubject(subject(d), "UTF-8");
    String parent = d.replyTo();
    if (parent != null && MailParser.MESSAGE_ID.matcher(parent).matches()) {
      mail.setHeader("In-Reply-To", parent);
      mail.setHeader("References", parent);
    }
    MimeBodyPart text = new MimeBodyPart();
    text.setText(d.body(), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(html(d.body()), "UTF-8", "html");
    mail.setContent(new MimeMultipart("alternative", text, html));
    mail.saveChanges();
    return mail;
  }

  /** {@code Re: [#4711] <subject>}; the subject without earlier prefixes and tags. */
  static String subject(OutboundDelivery d) {
    String base = d.subject() == null ? "" : RE_PREFIX.matcher(d.subject()).replaceFirst("").strip();
    String tag = d.conversationNumber() > 0 ? "[#" + d.conversationNumber() + "]" : "";
    String s = (tag + " " + base).strip();
    return s.isEmpty() ? "Re: Support" : "Re: " + s;
  }

  private static String html(String body) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html><html><body>");
    for (String paragraph : body.strip().split("\\R\\s*\\R")) {
      out.append("<p>").append(Entities.escape(paragraph).replaceAll("\\R", "<br>")).append("</p>");
    }
    return out.append("</body></html>").toString();
  }

  /** 4xx and connection failures are retryable, 5xx permanent; the code is kept, never the text. */
  static DeliveryResult classify(MessagingException e) {
    for (Throwable t = e; t != null; t = next(t)) {
      String m = t.getMessage();
      if (m != null) {
        Matcher code = REPLY_CODE.matcher(m);
        if (code.find()) {
          String smtp = code.group(1) + code.group(2);
          return code.group(1).equals("4")
              ? DeliveryResult.retryable(null, "smtp_" + smtp, "temporary SMTP failure " + smtp)
              : DeliveryResult.permanent("smtp_" + smtp, "SMTP server refused the message with " + smtp);
        }
      }
      if (t instanceof IOException) {
        return DeliveryResult.retryable(null, "smtp_connection",
            "SMTP connection failed: " + t.getClass().getSimpleName());
      }
    }
    return DeliveryResult.retryable(null, "smtp_error", e.getClass().getSimpleName().toLowerCase(Locale.ROOT));
  }

  private static @Nullable Throwable next(Throwable t) {
    if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t) {
      return me.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }
}
