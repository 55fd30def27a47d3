package io.github.chatbotlb.messenger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.chatbotlb.inbox.InboxEvent;
import org.springframework.stereotype.Component;

/**
 * Cuts a reply into Messenger-sized messages, preferring a paragraph, a line, a sentence, then
 * a word boundary; only a single word longer than the limit is cut mid-word.
 */
@Component("replySplitter")
public class ReplySplitter {

    private static final Pattern SENTENCE_END = Pattern.compile("[.!?…。！？](?=\\s)");

    private final MessengerProperties properties;

    public ReplySplitter(MessengerProperties properties) {
        this.properties = properties;
    }

    /** The parts of the event's reply that have not reached the user yet. */
    public List<ReplyPart> unsentParts(InboxEvent event) {
        List<String> texts = split(event.replyText(), properties.maxReplyLength());
        List<ReplyPart> parts = new ArrayList<>();
        for (int i = event.partsSent(); i < texts.size(); i++) {
            parts.add(new ReplyPart(event.id(), event.psid(), event.mid(), i, texts.get(i), null));
        }
        return parts;
    }

    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > limit) {
            int cut = cutPoint(rest, limit);
            parts.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    private static int cutPoint(String text, int limit) {
        String window = text.substring(0, limit + 1);
        int floor = limit / 2;
        int cut = window.lastIndexOf("\n\n");
        if (cut < floor) {
            cut = window.lastIndexOf('\n');
        }
        if (cut < floor) {
            cut = lastSentenceEnd(window);
        }
        if (cut < floor) {
            cut = window.lastIndexOf(' ');
        }
        if (cut <= 0) {
            cut = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        }
        return Math.min(cut, limit);
    }

    private static int lastSentenceEnd(String window) {
        Matcher matcher = SENTENCE_END.matcher(window);
        int end = -1;
        while (matcher.find()) {
            end = matcher.end();
        }
        return end;
    }
}
