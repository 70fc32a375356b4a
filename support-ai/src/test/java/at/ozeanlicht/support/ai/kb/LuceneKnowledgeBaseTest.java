package at.ozeanlicht.support.ai.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.KbHit;
import java.util.List;
import org.junit.jupiter.api.Test;

class LuceneKnowledgeBaseTest {
  private static final LuceneKnowledgeBase KB = LuceneKnowledgeBase.of(List.of(
      new KbArticle("passwort", "Passwort zurücksetzen", "access", "de", List.of("login"),
          "Klicke auf Passwort vergessen."),
      new KbArticle("password", "Reset your password", "access", "en", List.of("login"),
          "Click forgot password."),
      new KbArticle("only-en", "Offline listening", "technical", "en", List.of("download"),
          "Download meditations in the app.")));

  @Test
  void search_germanQueryWithAeSpelling_findsGermanArticleFirst() {
    List<KbHit> hits = KB.search("passwort zuruecksetzen", "de", 5);
    assertThat(hits).extracting(KbHit::articleId).first().isEqualTo("passwort");
    assertThat(hits.get(0).fallback()).isFalse();
  }

  @Test
  void search_noArticleInLanguage_fallsBackToOtherLanguage() {
    List<KbHit> hits = KB.search("download offline", "de", 5);
    assertThat(hits).extracting(KbHit::articleId).containsExactly("only-en");
    assertThat(hits.get(0).fallback()).isTrue();
  }

  @Test
  void search_englishStemming_matchesInflections() {
    assertThat(KB.search("resetting passwords", "en", 1)).extracting(KbHit::articleId)
        .containsExactly("password");
  }

  @Test
  void search_blankOrStopWordsOnly_noHits() {
    assertThat(KB.search("  ", "de", 5)).isEmpty();
    assertThat(KB.search("the and of", "en", 5)).isEmpty();
  }

  @Test
  void search_limitOutOfRange_throws() {
    assertThatThrownBy(() -> KB.search("x", null, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void of_duplicateId_throws() {
    KbArticle a = new KbArticle("a", "A", "x", "en", List.of(), "body");
    assertThatThrownBy(() -> LuceneKnowledgeBase.of(List.of(a, a)))
        .hasMessageContaining("duplicate id 'a'");
  }
}
