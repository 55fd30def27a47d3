package io.github.chatbotlb.store;

import java.util.Collections;
import java.util.List;

import io.github.chatbotlb.bot.BotRequest;
import io.github.chatbotlb.inbox.InboxEvent;
import io.github.chatbotlb.inbox.InboxProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The user's recent turns, kept in the earlier system's {@code conversations} table so both
 * bots, and an existing database's history, share one context.
 */
@Repository("conversations")
public class ConversationHistory {

    private final JdbcTemplate jdbc;
    private final InboxProperties properties;

    public ConversationHistory(JdbcTemplate jdbc, InboxProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** What to ask the bots for this event: its text after the user's last turns. */
    public BotRequest request(InboxEvent event) {
        List<BotRequest.Turn> turns = jdbc.query("SELECT message, bot_response FROM conversations"
                + " WHERE user_id = ? AND message IS NOT NULL AND bot_response IS NOT NULL"
                + " ORDER BY created_at DESC, id DESC LIMIT ?",
                (row, n) -> new BotRequest.Turn(row.getString(1), row.getString(2)),
                event.psid(), properties.historyTurns());
        Collections.reverse(turns);
        return new BotRequest(event.psid(), event.mid(), turns, event.text());
    }
}
