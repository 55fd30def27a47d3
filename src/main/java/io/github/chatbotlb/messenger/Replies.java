package io.github.chatbotlb.messenger;

import io.github.chatbotlb.bot.BotReply;
import io.github.chatbotlb.inbox.InboxEvent;
import org.springframework.stereotype.Component;

/** The replies that do not come from a bot, and the sender actions shown while one thinks. */
@Component("replies")
public class Replies {

    private final MessengerProperties properties;

    public Replies(MessengerProperties properties) {
        this.properties = properties;
    }

    public BotReply attachmentOnly(InboxEvent event) {
        return new BotReply(properties.attachmentReply(), BotReply.Kind.ATTACHMENT, null);
    }

    public ReplyPart markSeen(InboxEvent event) {
        return ReplyPart.senderAction(event.psid(), event.mid(), "mark_seen");
    }

    public ReplyPart typingOn(InboxEvent event) {
        return ReplyPart.senderAction(event.psid(), event.mid(), "typing_on");
    }
}
