package at.ozeanlicht.support.channels.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuoteStripperTest {

  @Test
  void plain_interleavedQuote_isKept() {
    String text = "> Which order?\n4711\n> And the address?\nWien";
    assertThat(QuoteStripper.plain(text)).isEqualTo(text);
  }

  @Test
  void plain_trailingQuote_isCut() {
    assertThat(QuoteStripper.plain("Danke!\n\n> alt\n> alt")).isEqualTo("Danke!");
  }

  @Test
  void plain_germanAttributionOverTwoLines_isCut() {
    assertThat(QuoteStripper.plain("Passt.\n\nAm 23.11.2026 um 10:00 schrieb Ozean Licht\nSupport <support@example.test>:\n> x"))
        .isEqualTo("Passt.");
  }

  @Test
  void plain_signatureAndGermanMobileFooter_areCut() {
    assertThat(QuoteStripper.plain("Ok\n-- \nEva")).isEqualTo("Ok");
    assertThat(QuoteStripper.plain("Ok\n\nVon meinem iPhone gesendet")).isEqualTo("Ok");
  }

  @Test
  void plain_englishOriginalMessage_isCut() {
    assertThat(QuoteStripper.plain("Fine\n-----Original Message-----\nFrom: x")).isEqualTo("Fine");
  }

  @Test
  void html_appleMailCite_isRemovedAndSanitized() {
    String html = "<p onclick=\"x()\">Neu</p><blockquote type=\"cite\">Alt</blockquote><script>x()</script>";
    assertThat(QuoteStripper.html(html)).isEqualTo("<p>Neu</p>");
  }
}
