package io.github.chatbotlb.messenger;

/** A Send API call that did not deliver; {@link Retryable} ones are worth another try. */
public class SendFailure extends RuntimeException {

    public SendFailure(String message) {
        super(message);
    }

    /** Rate limits, temporary errors and server errors: retried with backoff. */
    public static class Retryable extends SendFailure {

        public Retryable(String message) {
            super(message);
        }
    }
}
