package at.ozeanlicht.support.channels.email;

import at.ozeanlicht.support.channels.internal.Signatures;
import at.ozeanlicht.support.channels.internal.StateFiles;
import at.ozeanlicht.support.core.api.ConfigurationException;
import at.ozeanlicht.support.core.api.SupportEngine;
import at.ozeanlicht.support.core.api.WebhookResponse;
import at.ozeanlicht.support.core.spi.InboundRequest;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls an IMAP folder for hosts without an inbound-mail webhook. Each new message (by UID) goes
 * through the inbox's webhook path, signed with the webhook secret, so it is verified, parsed,
 * deduplicated and stored exactly like a posted {@code .eml}. The cursor {@code UIDVALIDITY} +
 * last UID lives in a small file and is written (atomically) only after the batch is stored; a
 * crash before that re-reads the batch, which deduplication absorbs. A new {@code UIDVALIDITY}
 * invalidates the stored UIDs (RFC 3501 §2.3.1.1) and the folder is read from the start.
 */
final class ImapPoller {
  private static final Logger LOG = LoggerFactory.getLogger(ImapPoller.class);
  static final int BATCH = 100;

  private final SupportEngine engine;
  private final EmailConfig config;
  private final @Nullable String password;
  private final String webhookSecret;
  private final Path cursorFile;

  ImapPoller(SupportEngine engine, EmailConfig config, @Nullable String password,
      String webhookSecret, Path cursorFile) {
    if (config.imapHost() == null) {
      throw new ConfigurationException("imapHost: inbox '" + config.inbox() + "' has no IMAP host to poll");
    }
    this.engine = engine;
    this.config = config;
    this.password = password;
    this.webhookSecret = webhookSecret;
    this.cursorFile = cursorFile;
  }

  /** One cursor: the folder's UIDVALIDITY and the last UID stored. */
  record Cursor(long uidValidity, long lastUid) {}

  /**
   * Reads up to {@link #BATCH} new messages of {@code INBOX} and stores them; returns how many
   * were new (duplicates and malformed mails are not counted). Stops at the first message that
   * could not be stored, keeping the cursor before it.
   *
   * @throws MessagingException if the server cannot be reached or the folder read
   * @throws IOException if the cursor file cannot be read or written
   */
  int poll() throws MessagingException, IOException {
    Properties p = new Properties();
    boolean ssl = config.imapPort() == 993;
    p.setProperty("mail.imap.ssl.enable", Boolean.toString(ssl));
    p.setProperty("mail.imap.connectiontimeout", "20000");
    p.setProperty("mail.imap.timeout", "20000");
    Session session = Session.getInstance(p);
    Store store = session.getStore("imap");
    store.connect(config.imapHost(), config.imapPort(), config.username(), password);
    try {
      Folder folder = store.getFolder("INBOX");
      folder.open(Folder.READ_ONLY);
      try {
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        Cursor cursor = read();
        long from = cursor != null && cursor.uidValidity() == validity ? cursor.lastUid() + 1 : 1;
        if (cursor != null && cursor.uidValidity() != validity) {
          LOG.info("inbox {}: IMAP UIDVALIDITY changed, reading the folder again", config.inbox());
        }
        Message[] found = uids.getMessagesByUID(from, UIDFolder.MAXUID);
        List<Message> batch = Arrays.stream(found).filter(m -> uid(uids, m) >= from)
            .sorted(Comparator.comparingLong(m -> uid(uids, m))).limit(BATCH).toList();
        long last = from - 1;
        int stored = 0;
        for (Message m : batch) {
          ByteArrayOutputStream raw = new ByteArrayOutputStream();
          m.writeTo(raw);
          byte[] bytes = raw.toByteArray();
          InboundRequest request = InboundRequest.post("/imap/" + config.inbox(), Map.of(
              EmailChannel.SIGNATURE_HEADER, List.of("sha256=" + Signatures.hmacSha256Hex(webhookSecret, bytes))),
              bytes);
          WebhookResponse response = engine.webhooks().handle(config.inbox(), request);
          long uid = uid(uids, m);
          if (response.status() == 200) {
            stored += response.body().contains("\"messages\":0") ? 0 : 1;
          } else if (response.status() == 400) {
            LOG.warn("inbox {}: IMAP message uid {} is not a readable mail; skipped", config.inbox(), uid);
          } else {
            LOG.warn("inbox {}: IMAP message uid {} not stored (status {}); retried next poll",
                config.inbox(), uid, response.status());
            break;
          }
          last = uid;
        }
        if (last >= from || cursor == null || cursor.uidValidity() != validity) {
          write(new Cursor(validity, Math.max(last, 0)));
        }
        LOG.debug("inbox {}: IMAP poll stored {} of {}", config.inbox(), stored, batch.size());
        return stored;
      } finally {
        folder.close(false);
      }
    } finally {
      store.close();
    }
  }

  private static long uid(UIDFolder folder, Message m) {
    try {
      return folder.getUID(m);
    } catch (MessagingException e) {
      throw new IllegalStateException("IMAP server gave no UID", e);
    }
  }

  @Nullable Cursor read() throws IOException {
    if (!Files.isRegularFile(cursorFile)) {
      return null;
    }
    String[] parts = Files.readString(cursorFile, StandardCharsets.US_ASCII).strip().split("\\s+");
    try {
      return new Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      throw new ConfigurationException("cursorFile: '" + cursorFile + "' must hold '<uidvalidity> <uid>'");
    }
  }

  private void write(Cursor cursor) throws IOException {
    StateFiles.replace(cursorFile, cursor.uidValidity() + " " + cursor.lastUid());
  }
}
