package io.github.chatbotlb.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The admin key and how hard guessing it is made. */
@ConfigurationProperties("admin")
public record AdminProperties(String adminKey, int maxWrongKeys, Duration lockout) {

    public boolean keyConfigured() {
        return adminKey != null && !adminKey.isBlank();
    }
}
