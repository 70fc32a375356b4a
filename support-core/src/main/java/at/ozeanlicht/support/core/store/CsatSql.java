package at.ozeanlicht.support.core.store;

import at.ozeanlicht.support.core.api.CsatSummary;
import at.ozeanlicht.support.core.api.FindCsat;
import at.ozeanlicht.support.core.domain.ChannelType;
import at.ozeanlicht.support.core.domain.Wires;
import at.ozeanlicht.support.core.spi.CsatRating;
import at.ozeanlicht.support.core.spi.CsatSurvey;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.Session;
import org.jspecify.annotations.Nullable;

/** Plain SQL for CSAT surveys and ratings (tables from V4__csat_macros.sql), in the JPA transaction. */
final class CsatSql {
  private static final String SURVEY_COLUMNS = "id, conversation_id, resolved_at, inbox, channel,"
      + " agent, team, form, message_id, sent_at, expires_at, answered_at";

  private CsatSql() {}

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private static <T> T jdbc(EntityManager em, Work<T> work) {
    // Flush first so the JDBC statements see what Hibernate has queued in this transaction.
    em.flush();
    return em.unwrap(Session.class).doReturningWork(work::run);
  }

  static void insertSurvey(EntityManager em, CsatSurvey s) {
    jdbc(em, c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into csat_surveys (" + SURVEY_COLUMNS
          + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, s.id());
        ps.setObject(2, s.conversationId());
        ps.setTimestamp(3, Timestamp.from(s.resolvedAt()));
        ps.setString(4, s.inbox());
        ps.setString(5, s.channel().wire());
        ps.setString(6, s.agent());
        ps.setString(7, s.team());
        ps.setString(8, s.form().wire());
        ps.setObject(9, s.messageId());
        ps.setTimestamp(10, Timestamp.from(s.sentAt()));
        ps.setTimestamp(11, Timestamp.from(s.expiresAt()));
        ps.setTimestamp(12, s.answeredAt() == null ? null : Timestamp.from(s.answeredAt()));
        return ps.executeUpdate();
      }
    });
  }

  static Optional<CsatSurvey> surveyFor(EntityManager em, UUID conversationId, Instant resolvedAt) {
    return one(em, "select " + SURVEY_COLUMNS + " from csat_surveys where conversation_id = ?"
        + " and resolved_at = ?", conversationId, Timestamp.from(resolvedAt));
  }

  static Optional<CsatSurvey> survey(EntityManager em, UUID id, boolean forUpdate) {
    return one(em, "select " + SURVEY_COLUMNS + " from csat_surveys where id = ?"
        + (forUpdate ? " for update" : ""), id);
  }

  static Optional<CsatSurvey> openReplySurvey(EntityManager em, UUID conversationId, Instant now) {
    return one(em, "select " + SURVEY_COLUMNS + " from csat_surveys where conversation_id = ?"
        + " and form = 'reply' and answered_at is null and expires_at > ?"
        + " order by sent_at desc limit 1 for update", conversationId, Timestamp.from(now));
  }

  static void saveRating(EntityManager em, CsatRating r) {
    CsatSurvey s = r.survey();
    jdbc(em, c -> {
      try (PreparedStatement ps = c.prepareStatement("update csat_surveys set answered_at = ?"
          + " where id = ? and answered_at is null")) {
        ps.setTimestamp(1, Timestamp.from(r.submittedAt()));
        ps.setObject(2, s.id());
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("survey " + s.id() + " is already answered");
        }
      }
      try (PreparedStatement ps = c.prepareStatement("insert into csat_ratings (survey_id,"
          + " conversation_id, rating, comment, agent, team, channel, resolved_at, submitted_at)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setObject(1, s.id());
        ps.setObject(2, s.conversationId());
        ps.setShort(3, (short) r.rating());
        ps.setString(4, r.comment());
        ps.setString(5, s.agent());
        ps.setString(6, s.team());
        ps.setString(7, s.channel().wire());
        ps.setTimestamp(8, Timestamp.from(s.resolvedAt()));
        ps.setTimestamp(9, Timestamp.from(r.submittedAt()));
        return ps.executeUpdate();
      }
    });
  }

  /**
   * One query, grouping sets over the facts: survey ratings, plus imported ratings of
   * conversations that have no survey rating (their channel from the workspace's inboxes).
   */
  static CsatSummary summary(EntityManager em, FindCsat q, ZoneId zone,
      Map<String, ChannelType> inboxChannels) {
    String sql = """
        with facts as (
          select r.rating, r.agent, r.team, r.channel, r.submitted_at
            from csat_ratings r
          union all
          select x.rating, c.assignee, c.team, coalesce(m.channel, 'unknown'), x.submitted_at
            from csat_responses x
            join conversations c on c.id = x.conversation_id
            left join unnest(cast(? as text[]), cast(? as text[])) as m(inbox, channel)
              on m.inbox = c.inbox
           where not exists (select 1 from csat_ratings r2 where r2.conversation_id = x.conversation_id)
        ), rated as (
          select f.*, to_char(date_trunc(?, f.submitted_at at time zone ?), 'YYYY-MM-DD') as period
            from facts f
           where f.submitted_at >= ? and f.submitted_at < ?
        )
        select grouping(agent) as g_agent, grouping(team) as g_team,
               grouping(channel) as g_channel, grouping(period) as g_period,
               agent, team, channel, period, count(*) as n,
               avg(rating)::float8 as average,
               avg(case when rating >= 4 then 1.0 else 0.0 end)::float8 as satisfied
          from rated
         group by grouping sets ((), (agent), (team), (channel), (period))
         order by g_agent, g_team, g_channel, g_period, agent nulls first, team nulls first,
                  channel, period
        """;
    return jdbc(em, c -> {
      List<String> inboxes = new ArrayList<>(inboxChannels.keySet());
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setArray(1, c.createArrayOf("text", inboxes.toArray()));
        ps.setArray(2, c.createArrayOf("text",
            inboxes.stream().map(i -> inboxChannels.get(i).wire()).toArray()));
        ps.setString(3, q.period().wire());
        ps.setString(4, zone.getId());
        ps.setTimestamp(5, Timestamp.from(q.from()));
        ps.setTimestamp(6, Timestamp.from(q.to()));
        CsatSummary.Figures total = new CsatSummary.Figures(0, 0, 0);
        List<CsatSummary.Group> agents = new ArrayList<>();
        List<CsatSummary.Group> teams = new ArrayList<>();
        List<CsatSummary.Group> channels = new ArrayList<>();
        List<CsatSummary.Group> periods = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            CsatSummary.Figures f = new CsatSummary.Figures(rs.getLong("n"),
                rs.getDouble("average"), rs.getDouble("satisfied"));
            if (rs.getInt("g_agent") == 0) {
              agents.add(new CsatSummary.Group(rs.getString("agent"), f));
            } else if (rs.getInt("g_team") == 0) {
              teams.add(new CsatSummary.Group(rs.getString("team"), f));
            } else if (rs.getInt("g_channel") == 0) {
              channels.add(new CsatSummary.Group(rs.getString("channel"), f));
            } else if (rs.getInt("g_period") == 0) {
              periods.add(new CsatSummary.Group(rs.getString("period"), f));
            } else {
              total = f;
            }
          }
        }
        return new CsatSummary(q.from(), q.to(), q.period(), total, agents, teams, channels,
            periods);
      }
    });
  }

  private static Optional<CsatSurvey> one(EntityManager em, String sql, Object... params) {
    return jdbc(em, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(survey(rs)) : Optional.<CsatSurvey>empty();
        }
      }
    });
  }

  private static CsatSurvey survey(ResultSet rs) throws SQLException {
    return new CsatSurvey(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class),
        instant(rs, "resolved_at"), rs.getString("inbox"),
        Wires.parse(ChannelType.class, "channel", rs.getString("channel")), rs.getString("agent"),
        rs.getString("team"), Wires.parse(CsatSurvey.Form.class, "form", rs.getString("form")),
        rs.getObject("message_id", UUID.class), instant(rs, "sent_at"), instant(rs, "expires_at"),
        nullableInstant(rs, "answered_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getTimestamp(column).toInstant();
  }

  private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

}
