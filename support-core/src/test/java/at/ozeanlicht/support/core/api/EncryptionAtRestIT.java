package at.ozeanlicht.support.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.crypto.FieldCipher;
import at.ozeanlicht.support.core.domain.Actor;
import at.ozeanlicht.support.core.domain.Conversation;
import at.ozeanlicht.support.core.domain.Message;
import at.ozeanlicht.support.core.inbox.Audience;
import at.ozeanlicht.support.core.inbox.InboxQuery;
import at.ozeanlicht.support.core.inbox.InboxRow;
import at.ozeanlicht.support.core.inbox.SearchHit;
import at.ozeanlicht.support.core.store.Database;
import at.ozeanlicht.support.core.store.KeyRotation;
import at.ozeanlicht.support.core.testkit.MutableClock;
import at.ozeanlicht.support.core.testkit.PostgresExtension;
import at.ozeanlicht.support.core.testkit.SharedPostgres;
import at.ozeanlicht.support.core.testkit.TestWorkspaces;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Message bodies and contact fields encrypted at rest: raw rows, reads, search, rotation, wrong keys. */
@ExtendWith(PostgresExtension.class)
class EncryptionAtRestIT {
  private static final String NAME = "Lena Berger-Wohlfahrt";
  private static final String EMAIL = "lena.wohlfahrt@example.org";
  private static final String PHONE = "+4915112349876";
  private static final String BODY1 = "Die Überweisung für den Kurs ist nicht angekommen";
  private static final String BODY2 = "Meine Adresse ist Lindengasse 12, 1070 Wien";
  private static final String REPLY = "Liebe Lena, wir prüfen die Zahlung sofort.";

  /** One persistence unit for the class; each engine takes a store made after {@code encryption(..)}. */
  private static Database database;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<SupportEngine> engines = new ArrayList<>();

  @BeforeAll
  static void open() {
    database = Database.of(SharedPostgres.pool());
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @AfterEach
  void tearDown() {
    engines.forEach(SupportEngine::close);
  }

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) seed);
    return k;
  }

  private static FieldCipher ring(String active, Object... idsAndSeeds) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (int i = 0; i < idsAndSeeds.length; i += 2) {
      keys.put((String) idsAndSeeds[i], key((Integer) idsAndSeeds[i + 1]));
    }
    return FieldCipher.of(keys, active);
  }

  private SupportEngine engine(FieldCipher cipher) {
    SupportEngine e = SupportEngine.builder().store(database.encryption(cipher).conversationStore())
        .workspace(TestWorkspaces.small()).clock(clock).build();
    engines.add(e);
    return e;
  }

  private static Actor thomas() {
    return Actor.of(TestWorkspaces.small().agent("thomas").orElseThrow());
  }

  private static Conversation lena(SupportEngine engine) {
    InboundContact contact = new InboundContact("4915112349876", NAME, EMAIL, PHONE, "de");
    Conversation c = engine.receive(ReceiveMessage.text("wa", contact, "wamid.1", BODY1)).conversation();
    engine.receive(ReceiveMessage.text("wa", contact, "wamid.2", BODY2));
    engine.reply(new SendReply(c.id(), "thomas", REPLY));
    return c;
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = SharedPostgres.pool().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      c.rollback();
    }
    return out;
  }

  private static List<String> stored() throws SQLException {
    List<String> all = new ArrayList<>(column("select body from messages where kind <> 'activity'"));
    all.addAll(column("select name from contacts union all select email from contacts"
        + " union all select phone from contacts"));
    return all;
  }

  @Test
  void roundTrip_rawRowsHoldNoPlaintext_readsSearchAndEmailLookupSeePlaintext() throws SQLException {
    SupportEngine engine = engine(ring("k1", "k1", 1));
    Conversation c = lena(engine);

    assertThat(stored()).isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("enc:v1:k1:"));
    assertThat(String.join("\n", stored())).doesNotContain("Überweisung", "Lindengasse", "Zahlung",
        "Lena", "wohlfahrt", "4915112349876");

    ConversationView view = engine.conversation(c.id()).orElseThrow();
    assertThat(view.messages()).extracting(Message::body).contains(BODY1, BODY2, REPLY);
    assertThat(view.contact().name()).isEqualTo(NAME);
    assertThat(view.contact().email()).isEqualTo(EMAIL);
    assertThat(view.contact().phone()).isEqualTo(PHONE);

    List<SearchHit> hits = engine.inbox().search(thomas(), "uberweisung", Audience.TEAM, 20);
    assertThat(hits).filteredOn(h -> h.type() == SearchHit.Type.MESSAGE).singleElement()
        .satisfies(h -> assertThat(h.snippet()).startsWith("Die Überweisung"));
    assertThat(engine.inbox().search(thomas(), "  " + EMAIL.toUpperCase(java.util.Locale.ROOT), Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).singleElement()
        .satisfies(h -> {
          assertThat(h.contactId()).isEqualTo(c.contactId());
          assertThat(h.snippet()).contains(NAME, EMAIL);
        });
    assertThat(engine.inbox().search(thomas(), "+49 1511 2349876", Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).hasSize(1);
    assertThat(engine.inbox().search(thomas(), "Berger", Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).hasSize(1);

    InboxRow row = engine.inbox().page(thomas(), InboxQuery.builder().build()).rows().get(0);
    assertThat(row.title()).isEqualTo(NAME);
    assertThat(row.excerpt()).isEqualTo(REPLY);
  }

  @Test
  void gdpr_exportDecrypts_eraseLeavesNothing() throws SQLException {
    SupportEngine engine = engine(ring("k1", "k1", 1));
    Conversation c = lena(engine);
    String json = engine.personalData().export(c.contactId());
    assertThat(json).contains(NAME, EMAIL, PHONE, "Lindengasse 12", "Liebe Lena").doesNotContain("enc:v1:");

    engine.personalData().erase(c.contactId(), "Art. 17");

    assertThat(column("select coalesce(name, '') || coalesce(email, '') || coalesce(phone, '')"
        + " || coalesce(email_index, '') || coalesce(phone_index, '') from contacts")).containsExactly("");
    assertThat(column("select body from messages where kind in ('incoming', 'outgoing')"))
        .containsOnly("[redacted]");
    assertThat(engine.conversation(c.id()).orElseThrow().contact().email()).isNull();
  }

  @Test
  void rotate_movesEveryRowToTheNewKey_plaintextRowsToo_andTheOldKeyCanGo() throws SQLException {
    Conversation before = lena(engine(FieldCipher.none())); // written before encryption was on
    SupportEngine k1 = engine(ring("k1", "k1", 1));
    Conversation c = k1.receive(ReceiveMessage.text("web", new InboundContact("web-9", "Max Muster",
        "max@example.org", null, "de"), "w1", "Mein Passwort funktioniert nicht mehr")).conversation();
    assertThat(stored()).anySatisfy(v -> assertThat(v).startsWith("enc:v1:k1:"))
        .anySatisfy(v -> assertThat(v).doesNotStartWith("enc:"));

    KeyRotation.Result r = database.encryption(ring("k2", "k1", 1, "k2", 2)).keyRotation().run(2);
    assertThat(r.keyId()).isEqualTo("k2");
    assertThat(r.messages()).isEqualTo(4);
    assertThat(r.contacts()).isEqualTo(2);
    assertThat(r.batches()).isEqualTo(3);
    assertThat(stored()).filteredOn(v -> v != null).allSatisfy(v -> assertThat(v).startsWith("enc:v1:k2:"));
    assertThat(database.keyRotation().run(2).messages()).isZero(); // idempotent

    SupportEngine k2 = engine(ring("k2", "k2", 2)); // k1 removed
    assertThat(k2.conversation(before.id()).orElseThrow().messages()).extracting(Message::body)
        .contains(BODY1, BODY2, REPLY);
    assertThat(k2.conversation(c.id()).orElseThrow().contact().email()).isEqualTo("max@example.org");
    assertThat(k2.inbox().search(thomas(), "passwort", Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.MESSAGE).hasSize(1);
    assertThat(k2.inbox().search(thomas(), EMAIL, Audience.TEAM, 20))
        .filteredOn(h -> h.type() == SearchHit.Type.CONTACT).extracting(SearchHit::contactId)
        .containsExactly(before.contactId());
  }

  @Test
  void wrongOrMissingKey_isAClearConfigurationErrorNamingTheKeyId() {
    Conversation c = lena(engine(ring("k1", "k1", 1)));

    SupportEngine wrong = engine(ring("k1", "k1", 7));
    assertThatThrownBy(() -> wrong.conversation(c.id())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("key 'k1' does not decrypt");
    SupportEngine other = engine(ring("k2", "k2", 2));
    assertThatThrownBy(() -> other.conversation(c.id())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("encrypted with key 'k1', which is not configured");
    SupportEngine none = engine(FieldCipher.none());
    assertThatThrownBy(() -> none.conversation(c.id())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'k1'").hasMessageContaining("no encryption key is set");
    assertThatThrownBy(() -> database.encryption(FieldCipher.none()).keyRotation().run(10))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("no encryption key");
  }
}
