package io.github.chatbotlb.failover;

import java.time.Duration;

import io.github.chatbotlb.bot.Bot;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The failover rules' knobs; see application.yml for the defaults and why. */
@ConfigurationProperties("failover")
public record FailoverProperties(
        String primarySystem,
        String backupSystem,
        Duration recoveryTime,
        Duration recoveryRetryInterval,
        Duration recoveryCheckInterval,
        Duration healthCheckInterval,
        int failureThreshold,
        String maintenanceText,
        String cannotAnswerText) {

    public Bot primary() {
        return Bot.fromId(primarySystem);
    }

    public Bot backup() {
        Bot backup = Bot.fromId(backupSystem);
        if (backup == primary()) {
            throw new IllegalStateException("PRIMARY_SYSTEM and BACKUP_SYSTEM must differ");
        }
        return backup;
    }
}
