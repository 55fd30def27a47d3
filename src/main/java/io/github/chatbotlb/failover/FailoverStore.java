package io.github.chatbotlb.failover;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.chatbotlb.bot.Bot;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Keeps the failover state in PostgreSQL so a restart resumes where it stopped. */
@Repository
public class FailoverStore {

    private final JdbcTemplate jdbc;

    public FailoverStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    FailoverSnapshot load(Bot primary) {
        Map<Bot, BotHealth> health = new EnumMap<>(Bot.class);
        for (Bot bot : Bot.values()) {
            health.put(bot, BotHealth.unknown());
        }
        jdbc.query("SELECT bot, status, last_check, consecutive_failures, last_error,"
                + " is_recovering FROM bot_health", row -> {
                    Bot bot = Bot.fromId(row.getString("bot"));
                    health.put(bot, new BotHealth(
                            BotHealth.Status.valueOf(row.getString("status").toUpperCase()),
                            instant(row.getTimestamp("last_check")),
                            row.getInt("consecutive_failures"),
                            row.getString("last_error"),
                            row.getBoolean("is_recovering")));
                });
        List<FailoverSnapshot> rows = jdbc.query("SELECT active_bot, maintenance,"
                + " last_switch_time, next_recovery_time, hold FROM failover_state WHERE id = 1",
                (row, n) -> new FailoverSnapshot(
                        Bot.fromId(row.getString("active_bot")),
                        row.getBoolean("maintenance"),
                        instant(row.getTimestamp("last_switch_time")),
                        instant(row.getTimestamp("next_recovery_time")),
                        row.getBoolean("hold"),
                        health));
        return rows.isEmpty()
                ? new FailoverSnapshot(primary, false, null, null, false, health)
                : rows.get(0);
    }

    void save(FailoverSnapshot state) {
        jdbc.update("INSERT INTO failover_state (id, active_bot, maintenance, last_switch_time,"
                + " next_recovery_time, hold) VALUES (1, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET active_bot = EXCLUDED.active_bot,"
                + " maintenance = EXCLUDED.maintenance,"
                + " last_switch_time = EXCLUDED.last_switch_time,"
                + " next_recovery_time = EXCLUDED.next_recovery_time, hold = EXCLUDED.hold",
                state.active().id(), state.maintenance(), timestamp(state.lastSwitchTime()),
                timestamp(state.nextRecoveryTime()), state.hold());
        state.health().forEach(this::saveHealth);
    }

    void saveHealth(Bot bot, BotHealth health) {
        jdbc.update("INSERT INTO bot_health (bot, status, last_check, consecutive_failures,"
                + " last_error, is_recovering) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (bot) DO UPDATE SET status = EXCLUDED.status,"
                + " last_check = EXCLUDED.last_check,"
                + " consecutive_failures = EXCLUDED.consecutive_failures,"
                + " last_error = EXCLUDED.last_error, is_recovering = EXCLUDED.is_recovering",
                bot.id(), health.status().id(), timestamp(health.lastCheck()),
                health.consecutiveFailures(), health.lastError(), health.recovering());
    }

    void appendHistory(Instant at, String kind, Bot from, Bot to, String reason) {
        jdbc.update("INSERT INTO switch_history (happened_at, kind, from_bot, to_bot, reason)"
                + " VALUES (?, ?, ?, ?, ?)", timestamp(at), kind,
                from == null ? null : from.id(), to == null ? null : to.id(), reason);
    }

    public List<Map<String, Object>> recentHistory(int limit) {
        return jdbc.queryForList("SELECT happened_at AS \"time\", kind, from_bot AS \"from\","
                + " to_bot AS \"to\", reason FROM switch_history ORDER BY id DESC LIMIT ?", limit);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
