package bench;

import java.nio.charset.StandardCharsets;

/**
 * One Messenger text event the driver sends. The marker travels through the bot stand-in and
 * comes back in the reply the Graph stand-in receives, which is how a reply finds its message.
 */
record Message(String marker, String psid, long sentAt) {

    static final String PAGE_ID = "100000000000001";

    String mid() {
        return "m_" + marker;
    }

    /** Vietnamese text on purpose: the signature must hold over non-ASCII bytes. */
    byte[] body() {
        String json = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID
                + "\",\"time\":" + sentAt
                + ",\"messaging\":[{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\""
                + PAGE_ID + "\"},\"timestamp\":" + sentAt + ",\"message\":{\"mid\":\"" + mid()
                + "\",\"text\":\"Xin chào, cho mình hỏi giờ mở cửa? " + marker
                + "\"}}]}]}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
