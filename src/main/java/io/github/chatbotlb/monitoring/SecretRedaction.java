package io.github.chatbotlb.monitoring;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.github.chatbotlb.admin.AdminProperties;
import io.github.chatbotlb.bot.BotProperties;
import io.github.chatbotlb.messenger.MessengerProperties;
import org.springframework.stereotype.Component;

/**
 * Masks the configured secrets in text that comes from outside: the Graph API echoes a
 * malformed access token in its error message, and an upstream error may quote a key. Such
 * text ends up in log lines, exception messages and the inbox's error column.
 */
@Component
public class SecretRedaction {

    /** Shorter values are not masked: they would mangle ordinary words. */
    private static final int MIN_LENGTH = 6;

    // Static so the small helpers that read upstream answers need no injection.
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    public SecretRedaction(MessengerProperties messenger, BotProperties bots,
            AdminProperties admin, MonitorProperties monitor) {
        Stream.of(messenger.appSecret(), messenger.pageAccessToken(), messenger.verifyToken(),
                        bots.gemini().apiKey(), bots.openrouter().apiKey(),
                        bots.huggingface().apiKey(), admin.adminKey(), monitor.password())
                .filter(secret -> secret != null && secret.strip().length() >= MIN_LENGTH)
                .map(String::strip)
                .forEach(SECRETS::add);
    }

    /** The text with every configured secret replaced by {@code [redacted]}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : SECRETS) {
            result = result.replace(secret, "[redacted]");
        }
        return result;
    }
}
