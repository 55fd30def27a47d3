package io.github.chatbotlb.inbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.chatbotlb.bot.BotReply;
import io.github.chatbotlb.messenger.MessengerProperties;
import io.github.chatbotlb.messenger.SendFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The durable inbox: events are written here before Meta gets its 200, and every step of
 * answering them is recorded here, so a crash at any point resumes instead of losing or
 * repeating work.
 */
@Repository("inbox")
public class Inbox {

    private static final Logger LOG = LoggerFactory.getLogger(Inbox.class);

    private static final String COLUMNS = "id, mid, page_id, psid, event_timestamp, kind,"
            + " user_text, status, attempts, reply_text, bot, parts_sent";

    private static final RowMapper<InboxEvent> EVENT = Inbox::event;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MessengerProperties messenger;
    private final InboxProperties properties;

    public Inbox(JdbcTemplate jdbc, Clock clock,
            MessengerProperties messenger, InboxProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.messenger = messenger;
        this.properties = properties;
    }

    /**
     * Stores the events of one webhook in one statement, so they are committed together. A mid
     * already stored is skipped: that is Meta redelivering. Returns the users who have something
     * new to be answered.
     */
    public Set<String> store(List<InboxEvent> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        int count = events.size();
        String[] mids = new String[count];
        String[] pages = new String[count];
        String[] psids = new String[count];
        long[] timestamps = new long[count];
        String[] kinds = new String[count];
        String[] texts = new String[count];
        for (int i = 0; i < count; i++) {
            InboxEvent event = events.get(i);
            mids[i] = event.mid();
            pages[i] = event.pageId();
            psids[i] = event.psid();
            timestamps[i] = event.timestamp();
            kinds[i] = event.kind().id();
            texts[i] = event.text();
        }
        // One round trip and one commit whatever the batch size (arrays, not a VALUES row each).
        Set<String> inserted = new HashSet<>(jdbc.queryForList(
                "INSERT INTO inbox_event (mid, page_id, psid, event_timestamp, kind, user_text)"
                        + " SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[],"
                        + " ?::bigint[], ?::varchar[], ?::text[])"
                        + " ON CONFLICT (mid) DO NOTHING RETURNING mid",
                String.class, mids, pages, psids, timestamps, kinds, texts));
        Set<String> users = new LinkedHashSet<>();
        for (InboxEvent event : events) {
            if (inserted.remove(event.mid())) {
                users.add(event.psid());
            } else {
                LOG.info("Redelivered mid={} ({}) ignored", event.mid(), event.userRef());
            }
        }
        return users;
    }

    /**
     * The user's oldest unanswered event by Messenger timestamp, marked as being answered; null
     * when there is none. An event interrupted too often is given up on rather than retried
     * forever.
     */
    public InboxEvent claimNext(String psid) {
        while (true) {
            List<InboxEvent> claimed = jdbc.query("UPDATE inbox_event SET attempts = attempts + 1,"
                    + " status = CASE WHEN reply_text IS NULL THEN 'answering' ELSE 'sending' END,"
                    + " updated_at = now() WHERE id = (SELECT id FROM inbox_event"
                    + " WHERE psid = ? AND status IN ('pending', 'answering', 'sending')"
                    + " ORDER BY event_timestamp, id LIMIT 1 FOR UPDATE)"
                    + " RETURNING " + COLUMNS, EVENT, psid);
            if (claimed.isEmpty()) {
                return null;
            }
            InboxEvent event = claimed.get(0);
            int earlierAttempts = event.attempts() - 1;
            if (earlierAttempts < properties.maxAttempts()) {
                return event;
            }
            String last = lastError(event.id());
            markFailed(event, "gave up after " + earlierAttempts + " attempts"
                    + (last == null ? "" : "; last error: " + last));
        }
    }

    /** Older than Messenger's reply window when its turn comes: recorded, not answered. */
    public boolean isStale(InboxEvent event) {
        Duration age = Duration.ofMillis(clock.millis() - event.timestamp());
        return event.timestamp() > 0 && age.compareTo(messenger.staleAfter()) > 0;
    }

    public void markStale(InboxEvent event) {
        LOG.warn("Not answering mid={} ({}): older than {}", event.mid(), event.userRef(),
                messenger.staleAfter());
        finish(event, "stale", "older than " + messenger.staleAfter());
    }

    /**
     * Records the reply, and for a bot's answer the conversation turn, before anything is sent:
     * after a crash the reply is resent from here instead of asking a bot again.
     */
    public InboxEvent saveReply(InboxEvent event, BotReply reply) {
        // One statement, so the reply and the turn are committed together in one round trip.
        jdbc.update("WITH turn AS (INSERT INTO conversations (user_id, message, bot_response)"
                + " SELECT ?, ?, ? WHERE ?::boolean)"
                + " UPDATE inbox_event SET status = 'sending', reply_text = ?, reply_kind = ?,"
                + " bot = ?, updated_at = now() WHERE id = ?",
                event.psid(), event.text(), reply.text(), reply.isConversationTurn(),
                reply.text(), reply.kind().name().toLowerCase(), reply.bot(), event.id());
        return new InboxEvent(event.id(), event.mid(), event.pageId(), event.psid(),
                event.timestamp(), event.kind(), event.text(), "sending", event.attempts(),
                reply.text(), reply.bot(), event.partsSent());
    }

    public void markPartSent(long eventId, int partIndex) {
        jdbc.update("UPDATE inbox_event SET parts_sent = GREATEST(parts_sent, ?),"
                + " updated_at = now() WHERE id = ?", partIndex + 1, eventId);
    }

    public void markAnswered(InboxEvent event) {
        jdbc.update("UPDATE inbox_event SET status = 'answered', answered_at = now(),"
                + " updated_at = now() WHERE id = ?", event.id());
    }

    public void markFailed(InboxEvent event, String reason) {
        LOG.error("GAVE UP on mid={} ({}): {}", event.mid(), event.userRef(), reason);
        fail(event, reason);
    }

    /**
     * A reply the Send API will never take (or that still failed after the retries) is recorded
     * as given up; anything else, a database outage say, is left for the next attempt.
     */
    public void giveUpIfUndeliverable(InboxEvent event, Exception exception) throws Exception {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SendFailure failure) {
                markFailed(event, failure.getMessage());
                return;
            }
        }
        noteError(event, exception);
        throw exception;
    }

    /**
     * Keeps the reason of an interrupted attempt (Graph unreachable, say) so that an event
     * finally given up on says why. Best effort: the database may be the thing that failed.
     */
    private void noteError(InboxEvent event, Exception exception) {
        try {
            jdbc.update("UPDATE inbox_event SET error = ?, updated_at = now() WHERE id = ?",
                    exception.getClass().getSimpleName() + ": " + exception.getMessage(),
                    event.id());
        } catch (RuntimeException e) {
            exception.addSuppressed(e);
        }
    }

    private String lastError(long eventId) {
        return jdbc.queryForObject("SELECT error FROM inbox_event WHERE id = ?", String.class,
                eventId);
    }

    private void fail(InboxEvent event, String reason) {
        finish(event, "failed", reason);
    }

    private void finish(InboxEvent event, String status, String reason) {
        jdbc.update("UPDATE inbox_event SET status = ?, error = ?, updated_at = now()"
                + " WHERE id = ?", status, reason, event.id());
    }

    /** Users with events still to answer, for the sweep that resumes after a crash. */
    public List<String> usersWithOpenEvents() {
        return jdbc.queryForList("SELECT DISTINCT psid FROM inbox_event"
                + " WHERE status IN ('pending', 'answering', 'sending')", String.class);
    }

    public InboxEvent find(String mid) {
        List<InboxEvent> found = jdbc.query("SELECT " + COLUMNS + " FROM inbox_event"
                + " WHERE mid = ?", EVENT, mid);
        return found.isEmpty() ? null : found.get(0);
    }

    private static InboxEvent event(ResultSet row, int rowNumber) throws SQLException {
        return new InboxEvent(
                row.getLong("id"),
                row.getString("mid"),
                row.getString("page_id"),
                row.getString("psid"),
                row.getLong("event_timestamp"),
                InboxEvent.Kind.valueOf(row.getString("kind").toUpperCase()),
                row.getString("user_text"),
                row.getString("status"),
                row.getInt("attempts"),
                row.getString("reply_text"),
                row.getString("bot"),
                row.getInt("parts_sent"));
    }

}
