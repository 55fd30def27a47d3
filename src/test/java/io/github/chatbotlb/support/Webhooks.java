package io.github.chatbotlb.support;

import java.util.ArrayList;
import java.util.List;

/** Messenger page webhooks as Meta sends them. */
public final class Webhooks {

    public static final String PAGE_ID = "PAGE1";

    private Webhooks() {
    }

    public static String page(String... messagingItems) {
        return entries(entry(messagingItems));
    }

    public static String entries(String... entries) {
        return "{\"object\":\"page\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    public static String entry(String... messagingItems) {
        return "{\"id\":\"" + PAGE_ID + "\",\"time\":" + System.currentTimeMillis()
                + ",\"messaging\":[" + String.join(",", messagingItems) + "]}";
    }

    public static String text(String psid, String mid, String text) {
        return text(psid, mid, text, System.currentTimeMillis());
    }

    public static String text(String psid, String mid, String text, long timestamp) {
        return item(psid, timestamp, "\"message\":{\"mid\":\"" + mid + "\",\"text\":"
                + Stubs.quote(text) + "}");
    }

    public static String echo(String psid, String mid, String text) {
        return "{\"sender\":{\"id\":\"" + PAGE_ID + "\"},\"recipient\":{\"id\":\"" + psid
                + "\"},\"timestamp\":" + System.currentTimeMillis() + ",\"message\":{"
                + "\"is_echo\":true,\"app_id\":1,\"mid\":\"" + mid + "\",\"text\":"
                + Stubs.quote(text) + "}}";
    }

    public static String delivery(String psid) {
        return item(psid, System.currentTimeMillis(),
                "\"delivery\":{\"mids\":[\"m_old\"],\"watermark\":1700000000000}");
    }

    public static String read(String psid) {
        return item(psid, System.currentTimeMillis(), "\"read\":{\"watermark\":1700000000000}");
    }

    public static String postback(String psid, String mid, String title, String payload) {
        return item(psid, System.currentTimeMillis(), "\"postback\":{\"mid\":\"" + mid
                + "\",\"title\":" + Stubs.quote(title) + ",\"payload\":" + Stubs.quote(payload)
                + "}");
    }

    public static String quickReply(String psid, String mid, String text, String payload) {
        return item(psid, System.currentTimeMillis(), "\"message\":{\"mid\":\"" + mid
                + "\",\"text\":" + Stubs.quote(text) + ",\"quick_reply\":{\"payload\":"
                + Stubs.quote(payload) + "}}");
    }

    public static String imageOnly(String psid, String mid) {
        return item(psid, System.currentTimeMillis(), "\"message\":{\"mid\":\"" + mid
                + "\",\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":"
                + "\"https://example.invalid/cat.jpg\"}}]}");
    }

    public static List<String> texts(String psid, String midPrefix, int count) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(text(psid, midPrefix + i, "message " + i));
        }
        return items;
    }

    private static String item(String psid, long timestamp, String body) {
        return "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID
                + "\"},\"timestamp\":" + timestamp + "," + body + "}";
    }
}
