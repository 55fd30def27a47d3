package io.github.chatbotlb;

import io.github.chatbotlb.admin.AdminProperties;
import io.github.chatbotlb.bot.BotProperties;
import io.github.chatbotlb.messenger.MessengerProperties;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says at start which bots and secrets are configured, without printing any of them. */
@Component
class StartupReport {

    private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

    private final BotProperties bots;
    private final MessengerProperties messenger;
    private final AdminProperties admin;
    private final CamelContext camel;

    StartupReport(BotProperties bots, MessengerProperties messenger, AdminProperties admin,
            CamelContext camel) {
        this.bots = bots;
        this.messenger = messenger;
        this.admin = admin;
        this.camel = camel;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        if (camel.isStarted() && camel.getRoute("messenger-webhook") == null) {
            throw new IllegalStateException("No routes loaded: start the service from the"
                    + " folder that holds routes/ (or set ROUTES_INCLUDE_PATTERN)");
        }
        LOG.info("Bots: gemini {} (model {}), router_hug via OpenRouter {} (model {}),"
                        + " Hugging Face {} (model {})",
                state(bots.gemini().configured()), bots.gemini().model(),
                state(bots.openrouter().configured()), bots.openrouter().model(),
                state(bots.huggingface().configured()), bots.huggingface().model());
        if (!bots.gemini().configured() && !bots.openrouter().configured()
                && !bots.huggingface().configured()) {
            LOG.warn("No bot API key is set: every user gets the maintenance text");
        }
        warnIfBlank(messenger.appSecret(), "APP_SECRET", "every webhook POST is refused (403)");
        warnIfBlank(messenger.verifyToken(), "VERIFY_TOKEN", "Meta's verification will fail");
        warnIfBlank(messenger.pageAccessToken(), "PAGE_ACCESS_TOKEN", "replies cannot be sent");
        if (!admin.keyConfigured()) {
            LOG.warn("ADMIN_KEY is not set: /force-switch refuses every call");
        }
    }

    private static String state(boolean configured) {
        return configured ? "configured" : "NOT configured";
    }

    private static void warnIfBlank(String value, String name, String consequence) {
        if (value == null || value.isBlank()) {
            LOG.warn("{} is not set: {}", name, consequence);
        }
    }
}
