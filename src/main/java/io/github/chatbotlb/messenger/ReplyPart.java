package io.github.chatbotlb.messenger;

/** One Send API call's worth of a reply, or a sender action when {@code action} is set. */
public record ReplyPart(long eventId, String psid, String mid, int index, String text,
        String action) {

    public static ReplyPart senderAction(String psid, String mid, String action) {
        return new ReplyPart(0, psid, mid, -1, null, action);
    }
}
