/*
 * The analyzer as it was before the per-message CPU work (commit ef66bbe), renamed, kept only as
 * the reference that AnalyzerEquivalenceTest compares the production code with. Helpers that did
 * not change (squash, hasRun, resource reading, the example parser) come from the main classes.
 */
package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.ai.ReferenceText.Token;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Language of a chat message. Apache OpenNLP's n-gram model (103 languages, restricted here to
 * five) decides longer text; on one to three words it is unreliable, so common function words,
 * umlauts and the contact's hint carry more weight the shorter the message is. Returns null when
 * no language stands out.
 */
final class ReferenceLanguageGuesser {
  enum Lang {
    DE("deu"),
    EN("eng"),
    FR("fra"),
    ES("spa"),
    IT("ita");

    final String iso3;

    Lang(String iso3) {
      this.iso3 = iso3;
    }

    String iso1() {
      return name().toLowerCase(Locale.ROOT);
    }

    static @Nullable Lang ofIso1(@Nullable String code) {
      if (code == null) {
        return null;
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
    Map<Lang, Double> score = new EnumMap<>(Lang.class);
    for (Lang l : Lang.values()) {
      score.put(l, 0.0);
    }
    // Cheap cues: function words and German letters. Each counts less as the text grows.
    double cueWeight = tokens.size() <= 3 ? 1.5 : 3.0 / Math.sqrt(tokens.size());
    int[] hits = new int[Lang.values().length];
    for (Token t : tokens) {
      String w = Text.squash(t.norm(), 1).equals(t.norm()) ? t.norm() : Text.squash(t.norm(), 2);
      for (Map.Entry<Lang, Set<String>> e : CUES.entrySet()) {
        if (e.getValue().contains(w) || e.getValue().contains(Text.squash(w, 1))) {
          score.merge(e.getKey(), cueWeight, Double::sum);
          hits[e.getKey().ordinal()]++;
        }
      }
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ("äöüÄÖÜß".indexOf(c) >= 0) {
        score.merge(Lang.DE, 2.0, Double::sum);
        break;
      }
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if ("ñ¿¡".indexOf(c) >= 0) {
        score.merge(Lang.ES, 2.0, Double::sum);
        break;
      }
      if ("çêèàœ".indexOf(c) >= 0) {
        score.merge(Lang.FR, 1.0, Double::sum);
        break;
      }
    }
    // The statistical model: weighted by length, restricted to our languages and renormalized.
    if (letters >= 4 && !unanimous(hits)) {
      // The model's probabilities renormalized over our five languages (ReferenceFiveLanguageModel).
      double[] p = Model.FIVE.predict(raw);
      double modelWeight = Math.min(4.0, letters / 8.0);
      for (Lang l : Lang.values()) {
        score.merge(l, modelWeight * p[l.ordinal()], Double::sum);
      }
    }
    if (hinted != null) {
      score.merge(hinted, 0.75, Double::sum);
    }
    Lang best = null;
    double first = Double.NEGATIVE_INFINITY;
    double second = Double.NEGATIVE_INFINITY;
    for (Map.Entry<Lang, Double> e : score.entrySet()) {
      if (e.getValue() > first) {
        second = first;
        first = e.getValue();
        best = e.getKey();
      } else if (e.getValue() > second) {
        second = e.getValue();
      }
    }
    if (best == null || first < 0.75 || first - second < 0.5) {
      return hinted == null ? null : hinted.iso1();
    }
    return best.iso1();
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

  /** The shared OpenNLP model (loaded once by the production class) seen through the old view. */
  static final class Model {
    static final ReferenceFiveLanguageModel FIVE = new ReferenceFiveLanguageModel(
        LanguageGuesser.Model.MODEL, java.util.Arrays.stream(Lang.values()).map(l -> l.iso3).toList());
  }
}
