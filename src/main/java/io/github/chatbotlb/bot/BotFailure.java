package io.github.chatbotlb.bot;

/** A bot that did not give a usable answer. Messages never carry keys or user text. */
public class BotFailure extends RuntimeException {

    private final String provider;
    private final FailureKind kind;

    public BotFailure(String provider, FailureKind kind, String message) {
        super(provider + " " + kind.metricTag() + ": " + message);
        this.provider = provider;
        this.kind = kind;
    }

    public String provider() {
        return provider;
    }

    public FailureKind kind() {
        return kind;
    }
}
