package io.github.chatbotlb.bot;

/** The text that goes back to the user, and where it came from. */
public record BotReply(String text, Kind kind, String bot) {

    public enum Kind {
        ANSWER,
        MAINTENANCE,
        CANNOT_ANSWER,
        ATTACHMENT
    }

    public static BotReply answer(Bot bot, String text) {
        return new BotReply(text, Kind.ANSWER, bot.id());
    }

    /** Only a real answer belongs to the conversation history the bots see. */
    public boolean isConversationTurn() {
        return kind == Kind.ANSWER;
    }
}
