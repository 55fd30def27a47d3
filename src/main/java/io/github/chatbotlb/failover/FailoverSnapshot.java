package io.github.chatbotlb.failover;

import java.time.Instant;
import java.util.Map;

import io.github.chatbotlb.bot.Bot;

/** An immutable picture of the failover state, for /status, JMX and the tests. */
public record FailoverSnapshot(
        Bot active,
        boolean maintenance,
        Instant lastSwitchTime,
        Instant nextRecoveryTime,
        boolean hold,
        Map<Bot, BotHealth> health) {

    public BotHealth health(Bot bot) {
        return health.get(bot);
    }
}
