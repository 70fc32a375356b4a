package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.ai.Text.Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.jspecify.annotations.Nullable;

/**
 * Language of a chat message. Apache OpenNLP's n-gram model (103 languages, restricted here to
 * five) decides longer text; on one to three words it is unreliable, so common function words,
 * umlauts and the contact's hint carry more weight the shorter the message is. Returns null when
 * no language stands out.
 */
final class LanguageGuesser {
  enum Lang {
    DE("deu"),
    EN("eng"),
    FR("fra"),
    ES("spa"),
    IT("ita");

    private static final Lang[] VALUES = values();
    final String iso3;
    private final String iso1;

    Lang(String iso3) {
      this.iso3 = iso3;
      this.iso1 = name().toLowerCase(Locale.ROOT);
    }

    String iso1() {
      return iso1;
    }

    static @Nullable Lang ofIso1(@Nullable String code) {
      if (code == null) {
        return null;
      }
      for (Lang l : VALUES) {
        if (l.iso1.equals(code)) {
          return l; // the usual hint, without allocating
        }
      }
      String c = code.strip().toLowerCase(Locale.ROOT);
      int dash = c.indexOf('-') >= 0 ? c.indexOf('-') : c.indexOf('_');
      if (dash > 0) {
        c = c.substring(0, dash);
      }
      for (Lang l : values()) {
        if (l.iso1().equals(c) || l.iso3.equals(c)) {
          return l;
        }
      }
      return null;
    }
  }

  // Frequent chat words of one language only (words shared by two languages are left out).
  private static final Map<Lang, Set<String>> CUES = new EnumMap<>(Lang.class);

  static {
    CUES.put(Lang.DE, words("und ich nicht ist das der die mein meine meinen bitte danke dank hallo"
        + " geht kann habe hab wie warum mit auf fuer zu ein eine einen es wir noch schon auch aber"
        + " kein keine gibt vielen liebe lieber lg gruesse gruss servus moin tschuess ja nein doch"
        + " leider wieder beim zum sich uns euch dem den des im ihr sie wo wann wer bin sind hat"
        + " haben mir mich dich dir funktioniert klappt gar sehr toll schlecht kurs zugang passwort"
        + " rechnung geld zurueck bei nach von vom oder weil dass jetzt heute immer einfach gut mal"
        + " nur weiss moechte wuerde koennt koennen ihnen herzlichen guten morgen tag abend frage"
        + " anmelden einloggen sohn tochter kind bezahlt ueberwiesen kuendigen ganz seit angst hilfe"
        + " mehr viel lade laedt wurde ob gerne geld wieso weshalb echt welchem welche welcher"
        + " ab alter geeignet gerade nochmal melde"));
    CUES.put(Lang.EN, words("the and i you is not my please thanks thank thx hi hello hey can cant"
        + " dont doesnt didnt wont isnt what how why with on for to it we they still already also"
        + " but yes are this that of have has login log help there love great works work working"
        + " when where who your our me do does did be been would could should just get got money"
        + " back refund account course payment invoice again very really good bad awesome amazing"
        + " nothing never since after want need feel im ive its from access password son daughter"
        + " lol sorry any cancel charged were will if or now right today"));
    CUES.put(Lang.FR, words("le la les je est pas merci bonjour et une pour avec mon ma mes vous"
        + " nous ne du au ce cours salut oui non beaucoup que qui mais"));
    CUES.put(Lang.ES, words("el los las que gracias hola por para con mi una es esta muy pero como"
        + " cuenta curso quiero tengo buenos dias si y del"));
    CUES.put(Lang.IT, words("il che grazie ciao per non sono una con mio della di buongiorno corso"
        + " ho voglio molto ma e gli"));
  }

  /** Per cue word, the languages it is a cue of: bit {@code ordinal()} of each. */
  private static final Map<String, Integer> CUE_LANGUAGES;

  static {
    Map<String, Integer> m = new java.util.HashMap<>();
    for (Map.Entry<Lang, Set<String>> e : CUES.entrySet()) {
      for (String w : e.getValue()) {
        m.merge(w, 1 << e.getKey().ordinal(), (x, y) -> x | y);
      }
    }
    CUE_LANGUAGES = Map.copyOf(m);
  }

  private static Set<String> words(String spaced) {
    return Set.copyOf(new java.util.HashSet<>(List.of(spaced.split(" "))));
  }

  @Nullable String guess(String raw, List<Token> tokens, @Nullable String hint) {
    Lang hinted = Lang.ofIso1(hint);
    int letters = 0;
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isLetter(raw.charAt(i))) {
        letters++;
      }
    }
    if (letters == 0 || tokens.isEmpty()) {
      return hinted == null ? null : hinted.iso1();
    }
    // Per language in ordinal order; every sum is built in the same order as ever.
    Lang[] langs = Lang.values();
    double[] score = new double[langs.length];
    // Cheap cues: function words and German letters. Each counts less as the text grows.
    double cueWeight = tokens.size() <= 3 ? 1.5 : 3.0 / Math.sqrt(tokens.size());
    int[] hits = new int[langs.length];
    for (Token t : tokens) {
      int cue = cueLanguages(t.norm());
      for (int l = 0; cue != 0 && l < langs.length; l++) {
        if ((cue & 1 << l) != 0) {
          score[l] += cueWeight;
          hits[l]++;
        }
      }
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ("äöüÄÖÜß".indexOf(c) >= 0) {
        score[Lang.DE.ordinal()] += 2.0;
        break;
      }
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ("ñ¿¡".indexOf(c) >= 0) {
        score[Lang.ES.ordinal()] += 2.0;
        break;
      }
      if ("çêèàœ".indexOf(c) >= 0) {
        score[Lang.FR.ordinal()] += 1.0;
        break;
      }
    }
    // The statistical model: weighted by length, restricted to our languages and renormalized.
    if (letters >= 4 && !unanimous(hits)) {
      // The model's probabilities renormalized over our five languages (FiveLanguageModel).
      double[] p = Model.FIVE.predict(raw);
      double modelWeight = Math.min(4.0, letters / 8.0);
      for (Lang l : langs) {
        score[l.ordinal()] += modelWeight * p[l.ordinal()];
      }
    }
    if (hinted != null) {
      score[hinted.ordinal()] += 0.75;
    }
    Lang best = null;
    double first = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (Lang l : langs) {
      double v = score[l.ordinal()];
      if (v > first) {
        second = first;
        first = v;
        best = l;
      } else if (v > second) {
        second = v;
      }
    }
    if (best == null || first < 0.75 || first - second < 0.5) {
      return hinted == null ? null : hinted.iso1();
    }
    return best.iso1();
  }

  /**
   * The languages (a bit per ordinal) whose cue list has the word, allowing stretched spellings:
   * a word with doubled letters is also tried with runs of three or more cut to two and with every
   * run cut to one ("hallooo" as "halloo" and "halo"; "danke" as itself).
   */
  private static int cueLanguages(String norm) {
    String w = norm;
    if (hasDouble(norm)) {
      w = Text.squash(norm, 2);
      return cueOf(w) | cueOf(Text.squash(w, 1));
    }
    return cueOf(w);
  }

  private static int cueOf(String w) {
    Integer m = CUE_LANGUAGES.get(w);
    return m == null ? 0 : m;
  }

  private static boolean hasDouble(String s) {
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) == s.charAt(i - 1)) {
        return true;
      }
    }
    return false;
  }

  // Three or more function words of one language and none of another: the model would only agree,
  // and skipping it keeps the common case fast.
  private static boolean unanimous(int[] hits) {
    int languages = 0;
    int most = 0;
    for (int h : hits) {
      if (h > 0) {
        languages++;
        most = Math.max(most, h);
      }
    }
    return languages == 1 && most >= 3;
  }

  /**
   * The bundled model, loaded once per class loader on first use (about a second, so building an
   * analyzer stays cheap) and shared: the model and its five-language view are immutable.
   */
  static final class Model {
    static final LanguageDetectorModel MODEL = load();
    static final FiveLanguageModel FIVE = new FiveLanguageModel(MODEL,
        java.util.Arrays.stream(Lang.values()).map(l -> l.iso3).toList());

    private static LanguageDetectorModel load() {
      try (InputStream in = LanguageDetectorModel.class.getResourceAsStream("/langdetect-183.bin")) {
        if (in == null) {
          throw new IllegalStateException(
              "langdetect-183.bin not on the class path: add org.apache.opennlp:opennlp-models-langdetect");
        }
        return new LanguageDetectorModel(in);
      } catch (IOException e) {
        throw new UncheckedIOException("loading the OpenNLP language model", e);
      }
    }
  }
}
