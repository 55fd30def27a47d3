package io.github.chatbotlb.bot;

/** Why a bot did not answer; the kind decides whether it counts against the bot's health. */
public enum FailureKind {
    TIMEOUT,
    CONNECTION,
    SERVER_ERROR,
    RATE_LIMITED,
    NO_CREDIT,
    CLIENT_ERROR,
    BAD_ANSWER,
    BLOCKED,
    NOT_CONFIGURED;

    /** A content block says nothing about the bot's health: the next message may well pass. */
    public boolean countsAgainstHealth() {
        return this != BLOCKED;
    }

    public String metricTag() {
        return name().toLowerCase();
    }
}
