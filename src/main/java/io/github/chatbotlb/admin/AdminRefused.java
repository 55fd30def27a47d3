package io.github.chatbotlb.admin;

/** An admin call refused, with the HTTP status to answer. */
public class AdminRefused extends RuntimeException {

    private final int status;

    public AdminRefused(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
