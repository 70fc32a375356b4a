package at.ozeanlicht.support.core.routing;

import at.ozeanlicht.support.core.domain.Sentiment;
import at.ozeanlicht.support.core.spi.MessageAnalysis;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The hard AI boundaries of the product, evaluated after the configurable rules and not
 * overridable by them: refund decisions, personal spiritual questions, complaints, VIP contacts
 * and negative sentiment always mean no automatic AI answer. It trusts an analyzer's sensitive
 * topics, category and sentiment when there is one and always also checks its own keyword lists
 * (German and English, matched like rule keywords), so it holds without an analyzer. Erring on the
 * side of a human is the point: a false alarm costs a few minutes, a wrong automatic answer to a
 * grieving or angry person costs trust.
 *
 * <p>Immutable and thread-safe; {@link #standard()} is built once.
 */
public final class AiBoundaryGuard {
  /** Topic names, also used as reasons. */
  public static final String REFUND = "refund";
  /** A personal spiritual question or crisis. */
  public static final String SPIRITUAL_PERSONAL = "spiritual-personal";
  /** A complaint. */
  public static final String COMPLAINT = "complaint";
  /** Negative tone. */
  public static final String NEGATIVE = "negative-sentiment";
  /** A VIP contact. */
  public static final String VIP = "vip";

  static final Map<String, List<String>> KEYWORDS = keywords();
  private static final AiBoundaryGuard STANDARD = new AiBoundaryGuard();

  private final KeywordMatcher matcher;
  private final Map<String, int[]> ids;

  private AiBoundaryGuard() {
    KeywordMatcher.Builder b = new KeywordMatcher.Builder();
    ids = register(b);
    matcher = b.build();
  }

  /** The product's guard with its built-in keyword lists. */
  public static AiBoundaryGuard standard() {
    return STANDARD;
  }

  /**
   * Checks one message on its own (the router uses the same lists inside its single automaton).
   *
   * @param text the message
   * @param vip whether the contact is a VIP
   * @param analysis an analyzer's result, or null
   * @return the reasons AI must not answer, empty when it may
   */
  public List<String> check(String text, boolean vip, @Nullable MessageAnalysis analysis) {
    Objects.requireNonNull(text, "text");
    BitSet found = matcher.match(TextNormalizer.words(text));
    return reasons(found, ids, vip, analysis);
  }

  /** Adds the guard's lists to a router's automaton; returns the ids per topic. */
  static Map<String, int[]> register(KeywordMatcher.Builder b) {
    Map<String, int[]> out = new LinkedHashMap<>();
    KEYWORDS.forEach((topic, list) -> out.put(topic, list.stream().mapToInt(b::add).toArray()));
    return out;
  }

  /** Which topics the keyword scan found. */
  static boolean found(BitSet keywords, int[] ids) {
    for (int id : ids) {
      if (keywords.get(id)) {
        return true;
      }
    }
    return false;
  }

  /** The keyword topics, by bit: bit {@code i} of a topic set stands for {@code TOPICS.get(i)}. */
  static final List<String> TOPICS = List.of(REFUND, SPIRITUAL_PERSONAL, COMPLAINT, NEGATIVE);

  static List<String> reasons(
      BitSet keywords, Map<String, int[]> ids, boolean vip, @Nullable MessageAnalysis analysis) {
    int topics = 0;
    for (int i = 0; i < TOPICS.size(); i++) {
      if (found(keywords, ids.get(TOPICS.get(i)))) {
        topics |= 1 << i;
      }
    }
    return reasons(topics, vip, analysis);
  }

  /**
   * The reasons AI must not answer, given the topics whose keywords were found (bits per {@link
   * #TOPICS}). A fresh, mutable list.
   */
  static List<String> reasons(int topics, boolean vip, @Nullable MessageAnalysis analysis) {
    List<String> reasons = new ArrayList<>();
    Set<String> sensitive = analysis == null ? Set.of() : analysis.sensitive();
    String category = analysis == null ? null : analysis.category();
    for (int i = 0; i < 3; i++) { // refund, spiritual-personal, complaint
      String topic = TOPICS.get(i);
      if (sensitive.contains(topic) || topic.equals(category) || (topics & (1 << i)) != 0) {
        reasons.add(topic);
      }
    }
    if (vip) {
      reasons.add(VIP);
    }
    boolean negative = (analysis != null && analysis.sentiment() == Sentiment.NEGATIVE)
        || (topics & (1 << TOPICS.indexOf(NEGATIVE))) != 0;
    if (negative) {
      reasons.add(NEGATIVE);
    }
    return reasons;
  }

  private static Map<String, List<String>> keywords() {
    Map<String, List<String>> k = new LinkedHashMap<>();
    k.put(REFUND, List.of(
        // German
        "*erstatt*", "rueckzahl*", "*zurueckzahl*", "zurueckbuch*", "rueckbuch*", "rueckbuchung",
        "geld zurueck", "geld wieder", "mein geld", "meinen betrag", "betrag zurueck",
        "*storn*", "widerruf*", "widerrufen", "ruecktritt*", "zuruecktreten", "rueckgabe*",
        "zurueckgeben", "zurueckgegeben", "gutschrift*", "kuendig*", "abo beenden",
        "mitgliedschaft beenden", "abonnement beenden", "vertrag beenden", "doppelt abgebucht",
        "zweimal abgebucht", "doppelt bezahlt", "zweimal bezahlt", "doppelt belastet",
        "falsch abgebucht", "zu viel abgebucht", "ungerechtfertigt abgebucht", "rueckerstattung",
        // English
        "refund*", "money back", "my money", "reimburs*", "chargeback*", "charge back",
        "cancel my order", "cancel the order", "cancel my purchase", "cancel my subscription",
        "cancel my membership", "cancel subscription", "cancel membership", "cancellation",
        "withdraw from", "withdrawal", "return the course", "charged twice", "double charged",
        "double charge", "charged me twice", "paid twice", "wrongly charged", "overcharged",
        "dispute the charge", "get my money"));
    k.put(SPIRITUAL_PERSONAL, List.of(
        // German: personal experience, crisis, grief, guidance
        "ich fuehle", "ich fuehlte", "ich spuere", "ich spuerte", "fuehle mich", "gefuehl*",
        "ich habe angst", "angst", "aengste", "panik*", "depress*", "trauer*", "trauern",
        "verstorben*", "gestorben", "verloren habe", "tod", "todes*", "lebenskrise",
        "spirituelle krise", "krise", "sinn des lebens", "sinnlos", "lebenssinn", "seele",
        "seelen*", "engel", "geistfuehrer", "geistige welt", "kundalini", "chakra*", "aura",
        "energie*", "schwingung*", "erwachen", "erwacht", "erleuchtung", "aufstieg*",
        "channeling", "botschaft*", "vision*", "traum", "traeume", "getraeumt", "karma",
        "vergangene leben", "frueheres leben", "rueckfuehrung*", "inkarnation*", "reinkarnation",
        "spirituelle erfahrung", "meine erfahrung", "erfahrung bei der meditation",
        "erfahrung waehrend", "erlebnis", "erlebt", "waehrend der meditation",
        "bei der meditation", "nach der meditation", "in der meditation", "meiner meditation",
        "was bedeutet das", "bedeutet das", "ist das normal", "ist es normal", "begleitung",
        "rat geben", "ratschlag", "mein weg", "meinem weg", "lebensweg", "weiss nicht weiter",
        "einsam*", "verzweifel*", "suizid*", "selbstmord*", "nicht mehr leben", "umbringen",
        "hellsichtig*", "medial*", "lichtwesen", "geister", "geist gesehen", "damit um",
        "damit umgehen", "einordnen", "verarbeiten", "intensive erfahrung", "erfahrung gemacht",
        "how do i deal", "how to deal", "cope", "coping", "schwester ist", "mutter ist", "vater ist", "krank*",
        "diagnose", "heilung", "heilen", "kind traeumt", "kind sieht", "mein kind spuert",
        // English
        "i feel", "i felt", "i sense", "feeling", "feelings", "my meditation",
        "during meditation", "during the meditation", "after the meditation", "in meditation",
        "spiritual experience", "spiritual crisis", "spiritual guidance", "guidance", "awakening",
        "awakened", "enlightenment", "ascension process", "energy", "energies", "vibration*",
        "angel*", "spirit guide*", "soul", "past life", "past lives", "dream", "dreams",
        "dreamt", "dreamed", "vision", "visions", "is this normal", "is it normal",
        "what does it mean", "what does this mean", "grief", "grieving", "passed away", "died",
        "death", "anxiety", "anxious", "depress*", "panic", "scared", "afraid", "lonely",
        "hopeless", "suicid*", "kill myself", "self harm", "lost my", "my purpose", "healing",
        "illness", "sick"));
    k.put(COMPLAINT, List.of(
        "beschwer*", "reklamation*", "reklamier*", "unzufrieden*", "enttaeusch*", "unverschaemt*",
        "frechheit", "skandal*", "zumutung", "inakzeptabel", "nicht akzeptabel", "unakzeptabel",
        "unprofessionell*", "abzocke*", "abgezockt", "betrug", "betrueger*", "betrogen",
        "schlechter service", "schlechten service", "schlechte erfahrung", "katastroph*",
        "mangelhaft", "veraergert", "aergerlich", "sauer", "wuetend", "empoert", "keine antwort",
        "niemand antwortet", "niemand meldet", "meldet sich niemand", "seit wochen", "seit tagen",
        "zum dritten mal", "zum zweiten mal", "immer noch keine", "immer noch nicht", "anwalt",
        "verbraucherschutz", "schlechte bewertung", "bewertung schreiben", "trustpilot",
        "nie wieder", "reinfall", "frustriert", "frustrierend", "nervt", "genervt",
        "complaint", "complain*", "dissatisfied", "unsatisfied", "disappoint*", "unacceptable",
        "outrageous", "ridiculous", "scam", "fraud", "rip off", "ripoff", "terrible", "horrible",
        "awful", "worst", "unprofessional", "angry", "furious", "upset", "no response",
        "no answer", "no reply", "nobody answers", "no one answers", "nobody replied",
        "still no", "still not", "third time", "second time", "lawyer", "bad review",
        "poor service", "never again", "waste of money", "frustrat*", "annoyed", "fed up"));
    k.put(NEGATIVE, List.of(
        "schrecklich", "furchtbar", "mies", "miserabel", "unmoeglich", "traurig", "hasse",
        "leider schon wieder", "schlecht", "schlimm", "wut", "hilflos", "verzweifelt",
        "hoffnungslos", "unzumutbar", "sad", "hate", "desperate", "bad", "unhappy", "upsetting",
        "disgusting", "pathetic", "useless", "nutzlos", "wertlos", "worthless"));
    return k;
  }
}
