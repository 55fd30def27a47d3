package io.github.chatbotlb.failover;

import java.time.Instant;

/** One bot's health as the failover rules see it. */
public record BotHealth(
        Status status,
        Instant lastCheck,
        int consecutiveFailures,
        String lastError,
        boolean recovering) {

    public enum Status {
        HEALTHY,
        UNHEALTHY,
        UNKNOWN;

        public String id() {
            return name().toLowerCase();
        }
    }

    static BotHealth unknown() {
        return new BotHealth(Status.UNKNOWN, null, 0, null, false);
    }

    /** Unknown counts as able to answer: a fresh start should not begin in maintenance. */
    public boolean canAnswer() {
        return status != Status.UNHEALTHY;
    }

    BotHealth succeeded(Instant now) {
        return new BotHealth(Status.HEALTHY, now, 0, lastError, recovering);
    }

    BotHealth failed(Instant now, String error, int threshold) {
        int failures = consecutiveFailures + 1;
        Status next = failures >= threshold ? Status.UNHEALTHY : status;
        return new BotHealth(next, now, failures, error, recovering);
    }

    BotHealth withRecovering(boolean value) {
        return new BotHealth(status, lastCheck, consecutiveFailures, lastError, value);
    }
}
