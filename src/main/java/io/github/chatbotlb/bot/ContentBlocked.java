package io.github.chatbotlb.bot;

/**
 * The bot would not answer this content (safety, recitation, moderation). The message goes to
 * the other bot, but the circuit breaker and the health count ignore it.
 */
public class ContentBlocked extends BotFailure {

    public ContentBlocked(String provider, String message) {
        super(provider, FailureKind.BLOCKED, message);
    }
}
