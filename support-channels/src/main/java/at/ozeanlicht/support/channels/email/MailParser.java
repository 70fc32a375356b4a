package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.email.ParsedMail.Automation;
import at.ozeanlicht.support.core.domain.Attachment;
import at.ozeanlicht.support.core.spi.MalformedPayloadException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses raw RFC 5322 bytes with Jakarta Mail into a {@link ParsedMail}. Lenient where mail is
 * messy (unknown charsets, broken parts become placeholder attachments), strict only where it
 * must be: a mail without any sender address is malformed. Thread-safe.
 */
final class MailParser {
  static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,500}>");
  private static final Pattern DSN_FIELD = Pattern.compile(
      "(?im)^(Final-Recipient|Original-Recipient|Action|Status)\\s*:\\s*(.+)$");
  private static final Pattern HEADER_MESSAGE_ID = Pattern.compile("(?im)^Message-ID\\s*:\\s*(<[^<>\\s]+>)");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+");
  private static final int MAX_PARTS = 200;
  private static final Session SESSION;

  static {
    Properties p = new Properties();
    p.setProperty("mail.mime.decodefilename", "true");
    p.setProperty("mail.mime.decodeparameters", "true");
    p.setProperty("mail.mime.address.strict", "false");
    p.setProperty("mail.mime.multipart.allowempty", "true");
    p.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
    p.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
    SESSION = Session.getInstance(p);
  }

  private MailParser() {}

  /**
   * Parses one raw message.
   *
   * @throws MalformedPayloadException if the bytes are not a mail with a sender address
   */
  static ParsedMail parse(byte[] raw) {
    try {
      return parseOrThrow(raw);
    } catch (MessagingException | IOException | RuntimeException e) {
      if (e instanceof MalformedPayloadException m) {
        throw m;
      }
      throw new MalformedPayloadException("message: not a readable RFC 5322 mail ("
          + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static ParsedMail parseOrThrow(byte[] raw) throws MessagingException, IOException {
    if (raw.length == 0) {
      throw new MalformedPayloadException("message: empty");
    }
    MimeMessage msg = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    InternetAddress from = first(msg, "From");
    if (from == null) {
      from = first(msg, "Sender");
    }
    if (from == null) {
      throw new MalformedPayloadException("From: missing or without an address");
    }
    String messageId = ids(msg.getHeader("Message-ID", null)).stream().findFirst().orElse(null);
    String dedupe = messageId != null ? messageId : "sha256:" + sha256(raw);
    List<String> recipients = new ArrayList<>();
    for (String h : List.of("To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To")) {
      for (InternetAddress a : addresses(msg, h)) {
        recipients.add(a.getAddress().toLowerCase(Locale.ROOT));
      }
    }
    String subject = "";
    try {
      String s = msg.getSubject();
      subject = s == null ? "" : s.strip();
    } catch (MessagingException e) {
      String s = msg.getHeader("Subject", null);
      subject = s == null ? "" : s.strip();
    }
    Instant date = null;
    try {
      Date d = msg.getSentDate();
      date = d == null ? null : d.toInstant();
    } catch (MessagingException | RuntimeException e) {
      // an unparsable Date header: the receipt time is used
    }

    Walk walk = new Walk();
    walk.part(msg, 0);
    String html = walk.html == null ? null : QuoteStripper.sanitize(walk.html);
    String fullText = walk.text != null ? walk.text.strip() : html != null ? QuoteStripper.text(html) : "";
    String replyHtml = walk.html == null ? null : QuoteStripper.html(walk.html);
    String replyText = walk.text != null ? QuoteStripper.plain(walk.text)
        : replyHtml != null ? QuoteStripper.text(replyHtml) : "";

    Automation automation = classify(msg, from, walk);
    Set<String> failed = new LinkedHashSet<>(walk.failedRecipients);
    String xFailed = msg.getHeader("X-Failed-Recipients", ",");
    if (xFailed != null) {
      Matcher m = ADDRESS.matcher(xFailed);
      while (m.find()) {
        failed.add(m.group().toLowerCase(Locale.ROOT));
      }
    }
    return new ParsedMail(dedupe, messageId, from.getAddress().toLowerCase(Locale.ROOT),
        blankToNull(from.getPersonal()), recipients, subject, date,
        ids(msg.getHeader("In-Reply-To", " ")), ids(msg.getHeader("References", " ")), fullText,
        replyText, html, replyHtml, walk.attachments, automation,
        automation == Automation.BOUNCE ? List.copyOf(failed) : List.of(),
        automation == Automation.BOUNCE ? walk.bouncedIds : List.of(), walk.bounceStatus);
  }

  private static Automation classify(MimeMessage msg, InternetAddress from, Walk walk)
      throws MessagingException {
    String returnPath = header(msg, "Return-Path");
    String local = from.getAddress().toLowerCase(Locale.ROOT);
    local = local.substring(0, Math.max(0, local.indexOf('@')));
    boolean report = false;
    try {
      ContentType type = new ContentType(msg.getContentType());
      report = type.match("multipart/report")
          && "delivery-status".equalsIgnoreCase(type.getParameter("report-type"));
    } catch (ParseException | RuntimeException e) {
      // unreadable Content-Type: not a report
    }
    if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>") || report
        || walk.deliveryStatus || header(msg, "X-Failed-Recipients") != null
        || local.equals("mailer-daemon") || local.equals("postmaster")) {
      return Automation.BOUNCE;
    }
    String precedence = header(msg, "Precedence");
    precedence = precedence == null ? "" : precedence.strip().toLowerCase(Locale.ROOT);
    String autoSubmitted = header(msg, "Auto-Submitted");
    String xAutoreply = header(msg, "X-Autoreply");
    if (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no")
        || xAutoreply != null && xAutoreply.strip().equalsIgnoreCase("yes")
        || header(msg, "X-Autorespond") != null
        || precedence.equals("bulk") || precedence.equals("junk") || precedence.equals("auto_reply")) {
      return Automation.AUTO_REPLY;
    }
    if (header(msg, "List-Id") != null || header(msg, "List-Unsubscribe") != null
        || precedence.equals("list")) {
      return Automation.LIST;
    }
    return Automation.NONE;
  }

  /** Collects the bodies, attachments and delivery-status facts of a part tree. */
  private static final class Walk {
    @Nullable String text;
    @Nullable String html;
    final List<Attachment> attachments = new ArrayList<>();
    final List<String> failedRecipients = new ArrayList<>();
    final List<String> bouncedIds = new ArrayList<>();
    @Nullable String bounceStatus;
    boolean deliveryStatus;
    int parts;

    void part(Part part, int depth) throws MessagingException {
      if (++parts > MAX_PARTS || depth > 20) {
        return;
      }
      ContentType type;
      try {
        type = new ContentType(part.getContentType() == null ? "text/plain" : part.getContentType());
      } catch (ParseException e) {
        type = new ContentType("application", "octet-stream", null);
      }
      String disposition = null;
      try {
        disposition = part.getDisposition();
      } catch (MessagingException e) {
        // a broken Content-Disposition: decide by type
      }
      String fileName = fileName(part);
      boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || fileName != null;
      try {
        if (type.getPrimaryType().equalsIgnoreCase("multipart")) {
          Object content = part.getContent();
          if (content instanceof Multipart mp) {
            boolean alternative = type.getSubType().equalsIgnoreCase("alternative");
            for (int i = 0; i < mp.getCount(); i++) {
              // In multipart/alternative the last renderable part wins (RFC 2046 §5.1.4).
              if (alternative) {
                Walk inner = new Walk();
                inner.parts = parts;
                inner.part(mp.getBodyPart(i), depth + 1);
                parts = inner.parts;
                text = inner.text != null ? inner.text : text;
                html = inner.html != null ? inner.html : html;
                attachments.addAll(inner.attachments);
              } else {
                part(mp.getBodyPart(i), depth + 1);
              }
            }
            return;
          }
          placeholder(part, type, fileName);
          return;
        }
        if (type.match("message/delivery-status")) {
          deliveryStatus = true;
          deliveryStatus(new String(bytes(part), StandardCharsets.US_ASCII));
          return;
        }
        if (type.match("text/rfc822-headers") || type.match("message/rfc822") && depth > 0
            && bouncedIdsWanted()) {
          Matcher m = HEADER_MESSAGE_ID.matcher(new String(bytes(part), StandardCharsets.ISO_8859_1));
          if (m.find()) {
            bouncedIds.add(m.group(1));
          }
          if (type.match("text/rfc822-headers")) {
            return;
          }
        }
        if (!attachment && type.match("text/plain") && text == null) {
          text = decode(part, type);
          return;
        }
        if (!attachment && type.match("text/html") && html == null) {
          html = decode(part, type);
          return;
        }
        attachments.add(attachment(part, type, fileName));
      } catch (IOException | MessagingException | RuntimeException e) {
        placeholder(part, type, fileName);
      }
    }

    private boolean bouncedIdsWanted() {
      return deliveryStatus;
    }

    private void placeholder(Part part, ContentType type, @Nullable String fileName) {
      attachments.add(new Attachment(fileName != null ? fileName : "unreadable-part",
          type.getBaseType().toLowerCase(Locale.ROOT), -1, null, null));
    }

    private void deliveryStatus(String text) {
      String recipient = null;
      Matcher m = DSN_FIELD.matcher(text);
      while (m.find()) {
        String field = m.group(1).toLowerCase(Locale.ROOT);
        String value = m.group(2).strip();
        switch (field) {
          case "final-recipient" -> {
            int semi = value.indexOf(';');
            recipient = (semi >= 0 ? value.substring(semi + 1) : value).strip().toLowerCase(Locale.ROOT);
          }
          case "action" -> {
            if (value.equalsIgnoreCase("failed") && recipient != null) {
              failedRecipients.add(recipient);
            }
          }
          case "status" -> {
            if (bounceStatus == null && value.matches("[245]\\.\\d{1,3}\\.\\d{1,3}.*")) {
              bounceStatus = value.split("\\s")[0];
            }
          }
          default -> { }
        }
      }
    }
  }

  private static Attachment attachment(Part part, ContentType type, @Nullable String fileName)
      throws IOException, MessagingException {
    byte[] data = bytes(part);
    String name = fileName != null ? fileName
        : type.match("message/rfc822") ? "forwarded.eml" : "attachment";
    return new Attachment(name, type.getBaseType().toLowerCase(Locale.ROOT), data.length, null,
        sha256(data));
  }

  private static @Nullable String fileName(Part part) {
    try {
      String name = part.getFileName();
      if (name != null && name.contains("=?")) {
        name = MimeUtility.decodeText(name);
      }
      return blankToNull(name);
    } catch (MessagingException | IOException | RuntimeException e) {
      return null;
    }
  }

  /** The text of a part: its charset, else UTF-8 if valid, else windows-1252; never throws on bad bytes. */
  static String decode(Part part, ContentType type) throws IOException, MessagingException {
    byte[] data = bytes(part);
    String declared = type.getParameter("charset");
    if (declared != null) {
      Charset charset = charset(declared);
      if (charset != null) {
        return new String(data, charset);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
    } catch (CharacterCodingException e) {
      return new String(data, Charset.forName("windows-1252"));
    }
  }

  private static @Nullable Charset charset(String name) {
    try {
      return Charset.forName(MimeUtility.javaCharset(name.strip().replace("\"", "")));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] bytes(Part part) throws IOException, MessagingException {
    try (InputStream in = part.getInputStream()) {
      return in.readAllBytes();
    }
  }

  private static @Nullable String header(MimeMessage msg, String name) throws MessagingException {
    return msg.getHeader(name, ",");
  }

  private static @Nullable InternetAddress first(MimeMessage msg, String header) throws MessagingException {
    List<InternetAddress> all = addresses(msg, header);
    return all.isEmpty() ? null : all.get(0);
  }

  private static List<InternetAddress> addresses(MimeMessage msg, String header)
      throws MessagingException {
    String value = msg.getHeader(header, ",");
    if (value == null || value.isBlank()) {
      return List.of();
    }
    List<InternetAddress> out = new ArrayList<>();
    try {
      for (Address a : InternetAddress.parseHeader(value, false)) {
        if (a instanceof InternetAddress ia && ia.getAddress() != null && ia.getAddress().contains("@")) {
          out.add(ia);
        }
      }
    } catch (AddressException | RuntimeException e) {
      Matcher m = ADDRESS.matcher(value);
      while (m.find()) {
        try {
          out.add(new InternetAddress(m.group(), false));
        } catch (AddressException ignored) {
          // not an address after all
        }
      }
    }
    return out;
  }

  /** The {@code <…>} ids in a header value, in order. */
  static List<String> ids(@Nullable String value) {
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    Matcher m = MESSAGE_ID.matcher(value);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
