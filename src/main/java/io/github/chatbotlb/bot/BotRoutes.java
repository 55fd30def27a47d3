package io.github.chatbotlb.bot;

/** Names shared by the YAML routes and the processors. */
public final class BotRoutes {

    /** Exchange property holding the {@link BotRequest}; bodies change along the way. */
    public static final String BOT_REQUEST = "botRequest";

    private BotRoutes() {
    }
}
