package io.github.chatbotlb.bot;

import java.util.Arrays;

/** The two bots a Page can be answered by; {@link #id()} is the name used in JSON and config. */
public enum Bot {
    GEMINI("gemini"),
    ROUTER_HUG("router_hug");

    private final String id;

    Bot(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public Bot other() {
        return this == GEMINI ? ROUTER_HUG : GEMINI;
    }

    public static Bot fromId(String id) {
        return Arrays.stream(values())
                .filter(bot -> bot.id.equalsIgnoreCase(id == null ? "" : id.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "Unknown bot '" + id + "': use gemini or router_hug"));
    }

    @Override
    public String toString() {
        return id;
    }
}
