package io.github.chatbotlb.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the inbox is worked: parallelism, history size, retries of interrupted events. */
@ConfigurationProperties("inbox")
public record InboxProperties(
        int concurrency,
        int historyTurns,
        int maxAttempts,
        Duration sweepInterval) {
}
