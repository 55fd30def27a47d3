package io.github.chatbotlb.monitoring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The monitor login and the operators' periodic views of the service. */
@ConfigurationProperties("monitor")
public record MonitorProperties(
        String user,
        String password,
        Duration summaryInterval,
        Duration inboxGaugeCache) {

    public boolean loginConfigured() {
        return user != null && !user.isBlank() && password != null && !password.isBlank();
    }
}
