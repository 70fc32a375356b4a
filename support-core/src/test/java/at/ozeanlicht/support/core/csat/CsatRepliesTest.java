package at.ozeanlicht.support.core.csat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Reading ratings from chat replies; signing survey links. */
class CsatRepliesTest {
  static Optional<CsatReply> p(String s) {
    return CsatReplies.parse(s);
  }

  @Test
  void parse_digitsStarsAndEmoji_giveRatings() {
    assertThat(p("5")).contains(new CsatReply(5, null));
    assertThat(p(" 4/5 ")).contains(new CsatReply(4, null));
    assertThat(p("3 - ging so, die Wartezeit war lang")).contains(
        new CsatReply(3, "ging so, die Wartezeit war lang"));
    assertThat(p("★★★★")).contains(new CsatReply(4, null));
    assertThat(p("⭐⭐⭐⭐⭐ danke!")).contains(new CsatReply(5, "danke!"));
    assertThat(p("😡")).contains(new CsatReply(1, null));
    assertThat(p("😞")).contains(new CsatReply(2, null));
    assertThat(p("😐")).contains(new CsatReply(3, null));
    assertThat(p("🙂 passt")).contains(new CsatReply(4, "passt"));
    assertThat(p("😍😍")).contains(new CsatReply(5, null));
    assertThat(p("👍🏽")).contains(new CsatReply(5, null));
    assertThat(p("👎")).contains(new CsatReply(1, null));
  }

  @Test
  void parse_otherText_isNoRating() {
    assertThat(p("")).isEmpty();
    assertThat(p("Danke, aber ich habe noch eine Frage")).isEmpty();
    assertThat(p("0")).isEmpty();
    assertThat(p("6")).isEmpty();
    assertThat(p("10 von 10")).isEmpty();
    assertThat(p("2024 war ein gutes Jahr")).isEmpty();
    assertThat(p("★★★★★★")).isEmpty();
    assertThat(p("🙏")).isEmpty();
  }

  @Test
  void parse_anyString_givesRatingOneToFiveOrNone() {
    Gen<String> anything = strings().allPossible().ofLengthBetween(0, 20)
        .mix(strings().betweenCodePoints(0x1F300, 0x1F6FF).ofLengthBetween(0, 6))
        .mix(strings().basicLatinAlphabet().ofLengthBetween(0, 8).map(s -> "★" + s));
    qt().withExamples(2000).forAll(anything).checkAssert(s -> {
      Optional<CsatReply> r = CsatReplies.parse(s);
      r.ifPresent(x -> assertThat(x.rating()).isBetween(1, 5));
    });
  }

  @Test
  void tokens_signedValueVerifies_tamperedOrForeignDoesNot() {
    SurveyTokens tokens = new SurveyTokens("0123456789abcdef0123456789abcdef");
    UUID id = UUID.randomUUID();
    Instant exp = Instant.parse("2026-10-08T10:00:00Z");
    String token = tokens.sign(id, exp);

    assertThat(tokens.verify(token)).contains(new SurveyTokens.Claims(id, exp));
    assertThat(new SurveyTokens("another-secret-another-secret-xx").verify(token)).isEmpty();
    String tampered = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
    assertThat(tokens.verify(tampered)).isEmpty();
    assertThat(tokens.verify("no-token")).isEmpty();
    assertThat(tokens.toString()).doesNotContain("0123456789");
  }
}
