package io.github.chatbotlb.inbox;

/**
 * A user event from Messenger as kept in the inbox, with how far its answer has got: the reply
 * is stored before it is sent, and {@code partsSent} counts the pieces that reached the user.
 */
public record InboxEvent(
        long id,
        String mid,
        String pageId,
        String psid,
        long timestamp,
        Kind kind,
        String text,
        String status,
        int attempts,
        String replyText,
        String bot,
        int partsSent) {

    public enum Kind {
        MESSAGE,
        QUICK_REPLY,
        POSTBACK,
        ATTACHMENT;

        public String id() {
            return name().toLowerCase();
        }
    }

    public static InboxEvent received(String mid, String pageId, String psid, long timestamp,
            Kind kind, String text) {
        return new InboxEvent(0, mid, pageId, psid, timestamp, kind, text, "pending", 0, null,
                null, 0);
    }

    public boolean hasReply() {
        return replyText != null;
    }

    public boolean needsBot() {
        return kind != Kind.ATTACHMENT;
    }

    /** A short, non-identifying user reference for log lines. */
    public String userRef() {
        return InboxEvent.userRef(psid);
    }

    public static String userRef(String psid) {
        if (psid == null || psid.length() <= 4) {
            return "u:" + psid;
        }
        return "u:…" + psid.substring(psid.length() - 4);
    }
}
