package io.github.chatbotlb.bot;

import java.util.List;

/** What a bot is asked: the user's recent turns, oldest first, then the new text. */
public record BotRequest(String psid, String mid, List<Turn> history, String userText) {

    /** One earlier exchange between the user and whichever bot answered it. */
    public record Turn(String userText, String botText) {
    }
}
