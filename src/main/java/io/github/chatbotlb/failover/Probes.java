package io.github.chatbotlb.failover;

import java.util.List;

import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.bot.BotRequest;
import org.springframework.stereotype.Component;

/** The request a health probe or a recovery attempt sends: a real, tiny generation. */
@Component("probes")
public class Probes {

    private final FailoverProperties properties;

    public Probes(FailoverProperties properties) {
        this.properties = properties;
    }

    public BotRequest request() {
        return new BotRequest("health-probe", "health-probe", List.of(), "ping");
    }

    /** The probe route of the primary, which the recovery route calls. */
    public String primaryProbe() {
        return properties.primary() == Bot.GEMINI ? "direct:probe-gemini" : "direct:probe-router-hug";
    }
}
