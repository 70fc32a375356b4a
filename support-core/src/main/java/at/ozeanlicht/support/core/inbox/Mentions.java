package at.ozeanlicht.support.core.inbox;

import at.ozeanlicht.support.core.domain.Agent;
import at.ozeanlicht.support.core.workspace.Workspace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code @handle} and {@code @team} mentions in a note or team-chat message. An agent handle wins
 * over a team id of the same name; unknown names are plain text.
 */
final class Mentions {
  private static final Pattern MENTION = Pattern.compile("(?<![\\w.])@([a-z0-9][a-z0-9_.-]*[a-z0-9]|[a-z0-9])");

  /** One agent to notify, and the team mention that reached the agent (null if direct). */
  record Target(String agent, @Nullable String viaTeam) {}

  /**
   * @param names the mentioned agent handles and team ids, in order (stored on the message)
   * @param targets the agents to mark, each once, without the author
   */
  record Parsed(List<String> names, List<Target> targets) {}

  private Mentions() {}

  static Parsed parse(String text, Workspace workspace, String author) {
    Set<String> names = new LinkedHashSet<>();
    Map<String, Target> targets = new LinkedHashMap<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (workspace.agent(name).isPresent()) {
        names.add(name);
        targets.put(name, new Target(name, null)); // a direct mention replaces a team one
      } else if (workspace.team(name).isPresent()) {
        names.add(name);
        for (Agent a : workspace.agents()) {
          if (a.teams().contains(name)) {
            targets.putIfAbsent(a.id(), new Target(a.id(), name));
          }
        }
      }
    }
    targets.remove(author);
    return new Parsed(List.copyOf(names), new ArrayList<>(targets.values()));
  }
}
