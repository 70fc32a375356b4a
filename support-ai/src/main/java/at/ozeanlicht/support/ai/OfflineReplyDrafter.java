package at.ozeanlicht.support.ai;

import at.ozeanlicht.support.core.spi.Draft;
import at.ozeanlicht.support.core.spi.DraftRequest;
import at.ozeanlicht.support.core.spi.KbArticle;
import at.ozeanlicht.support.core.spi.ReplyDrafter;
import java.util.List;

/**
 * {@link ReplyDrafter} without any model: a greeting in the reply language, the best article's
 * title and its first steps, the other articles' titles, and a closing question. Also the fallback
 * of the OpenAI-compatible adapter. Stateless and thread-safe.
 */
public final class OfflineReplyDrafter implements ReplyDrafter {
  private static final int MAX_LINES = 8;

  /** A drafter; it has no configuration. */
  public OfflineReplyDrafter() {}

  @Override
  public String name() {
    return "offline";
  }

  @Override
  public Draft draft(DraftRequest request) {
    boolean de = request.language().equals("de");
    String name = request.contactName() == null || request.contactName().isBlank() ? null
        : request.contactName().strip().split("\\s+")[0];
    StringBuilder b = new StringBuilder(de ? "Hallo" : "Hi").append(name == null ? "" : " " + name)
        .append(de ? ",\n\ndanke für deine Nachricht." : ",\n\nthank you for your message.");
    List<KbArticle> articles = request.articles();
    if (articles.isEmpty()) {
      b.append(de ? " Ich schaue mir dein Anliegen genauer an und melde mich gleich wieder."
          : " I'm looking into this and will get back to you shortly.");
    } else {
      KbArticle best = articles.get(0);
      b.append(de ? " Das sollte helfen (" : " This should help (").append(best.title()).append("):\n\n");
      best.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).limit(MAX_LINES)
          .forEach(l -> b.append(l.strip()).append('\n'));
      if (articles.size() > 1) {
        b.append(de ? "\nAuch hilfreich:" : "\nAlso helpful:");
        articles.subList(1, articles.size()).forEach(a -> b.append("\n• ").append(a.title()));
        b.append('\n');
      }
      b.append(de ? "\nKlappt es damit?" : "\nDoes that solve it?");
    }
    b.append(de ? "\n\nHerzliche Grüße" : "\n\nWarm regards");
    return new Draft(b.toString(), name(), articles.stream().map(KbArticle::id).toList());
  }
}
