package io.github.chatbotlb.messenger;

/** A webhook request refused before anything is stored; carries the HTTP status to answer. */
public class WebhookRejected extends RuntimeException {

    private final int status;

    public WebhookRejected(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
