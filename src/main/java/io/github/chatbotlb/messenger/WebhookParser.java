package io.github.chatbotlb.messenger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chatbotlb.inbox.InboxEvent;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns a signed page webhook into the user events worth answering: every entry and every
 * messaging item, minus echoes, deliveries, reads and anything not sent by a user.
 */
@Component("webhookParser")
public class WebhookParser {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookParser.class);

    private final ObjectMapper mapper;
    private final MessengerProperties properties;

    public WebhookParser(ObjectMapper mapper, MessengerProperties properties) {
        this.mapper = mapper;
        this.properties = properties;
    }

    public List<InboxEvent> parse(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new WebhookRejected(400, "body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new WebhookRejected(400, "body is not a JSON object");
        }
        if (!"page".equals(root.path("object").asText())) {
            throw new WebhookRejected(400, "object is not 'page'");
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new WebhookRejected(400, "no entry array");
        }

        List<InboxEvent> events = new ArrayList<>();
        int ignored = 0;
        for (JsonNode entry : entries) {
            String pageId = entry.path("id").asText(null);
            for (JsonNode item : entry.path("messaging")) {
                InboxEvent event = toEvent(pageId, item);
                if (event == null) {
                    ignored++;
                } else {
                    events.add(event);
                }
            }
        }
        LOG.debug("Webhook with {} user events, {} items not answered", events.size(), ignored);
        return events;
    }

    private InboxEvent toEvent(String pageId, JsonNode item) {
        String psid = item.path("sender").path("id").asText("");
        if (psid.isBlank() || psid.equals(pageId)) {
            return null;
        }
        long timestamp = item.path("timestamp").asLong(0);
        JsonNode message = item.path("message");
        JsonNode postback = item.path("postback");
        if (message.isObject()) {
            if (message.path("is_echo").asBoolean(false)) {
                return null;
            }
            String mid = message.path("mid").asText("");
            if (mid.isBlank()) {
                return null;
            }
            String text = message.path("text").asText("");
            if (!text.isBlank()) {
                InboxEvent.Kind kind = message.path("quick_reply").isObject()
                        ? InboxEvent.Kind.QUICK_REPLY : InboxEvent.Kind.MESSAGE;
                return InboxEvent.received(mid, pageId, psid, timestamp, kind, clean(text));
            }
            if (message.path("attachments").size() > 0) {
                return InboxEvent.received(mid, pageId, psid, timestamp,
                        InboxEvent.Kind.ATTACHMENT, null);
            }
            return null;
        }
        if (postback.isObject()) {
            String text = postback.path("title").asText("");
            if (text.isBlank()) {
                text = postback.path("payload").asText("");
            }
            if (text.isBlank()) {
                return null;
            }
            // Postbacks usually carry a mid; without one, sender and time identify a redelivery.
            String mid = postback.path("mid").asText("");
            if (mid.isBlank()) {
                mid = "postback:" + psid + ":" + timestamp;
            }
            return InboxEvent.received(mid, pageId, psid, timestamp, InboxEvent.Kind.POSTBACK,
                    clean(text));
        }
        return null;
    }

    /** Drops control characters (keeping line breaks and tabs) and caps the length. */
    String clean(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 4096));
        text.codePoints()
                .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
                .forEach(out::appendCodePoint);
        int max = properties.maxUserTextLength();
        if (out.length() > max) {
            int cut = Character.isHighSurrogate(out.charAt(max - 1)) ? max - 1 : max;
            out.setLength(cut);
        }
        return out.toString().strip();
    }
}
