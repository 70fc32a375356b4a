package at.ozeanlicht.support.core.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The honest after-hours acknowledgment: when a human will answer, i.e. the calendar's next
 * opening, in the contact's language (German for {@code de}, English otherwise). Pure; routing
 * calls it when a message arrives outside business hours.
 */
public final class AfterHours {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final DateTimeFormatter DE_DATE = DateTimeFormatter.ofPattern("EEEE, d. MMMM", Locale.GERMAN);
  private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("EEEE, d MMMM", Locale.ENGLISH);

  private AfterHours() {}

  /**
   * The acknowledgment text, or empty while the calendar is open at {@code now}.
   *
   * @param calendar the inbox's business calendar
   * @param now when the message arrived
   * @param language the contact's language (ISO 639-1), or null when unknown (English)
   */
  public static Optional<Notice> notice(BusinessCalendar calendar, Instant now, @Nullable String language) {
    Objects.requireNonNull(calendar, "calendar");
    Objects.requireNonNull(now, "now");
    Instant opening = calendar.nextOpening(now);
    if (opening.equals(now)) {
      return Optional.empty();
    }
    ZonedDateTime local = opening.atZone(calendar.zone());
    LocalDate today = now.atZone(calendar.zone()).toLocalDate();
    LocalDate day = local.toLocalDate();
    String time = TIME.format(local);
    String text;
    if ("de".equals(language)) {
      String when = day.equals(today) ? "heute um " + time + " Uhr"
          : day.equals(today.plusDays(1)) ? "morgen um " + time + " Uhr"
          : "am " + DE_DATE.format(local) + ", um " + time + " Uhr";
      text = "Danke für deine Nachricht! Wir sind gerade nicht im Büro. Ein Mensch aus unserem Team"
          + " antwortet dir " + when + ".";
    } else {
      String when = day.equals(today) ? "today at " + time
          : day.equals(today.plusDays(1)) ? "tomorrow at " + time
          : "on " + EN_DATE.format(local) + " at " + time;
      text = "Thanks for your message! We're out of the office right now. A person from our team"
          + " will answer you " + when + ".";
    }
    return Optional.of(new Notice(opening, text));
  }

  /**
   * An after-hours acknowledgment.
   *
   * @param nextOpening when business hours start again
   * @param text the message for the contact
   */
  public record Notice(Instant nextOpening, String text) {
    /** Checks for nulls. */
    public Notice {
      Objects.requireNonNull(nextOpening, "nextOpening");
      Objects.requireNonNull(text, "text");
    }
  }
}
