package io.github.chatbotlb.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import io.github.chatbotlb.ChatbotLoadBalancerApplication;
import io.github.chatbotlb.bot.Bot;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The failover state lives in PostgreSQL: a restarted service carries on where it stopped. */
class FailoverStateRestartTest {

    @Test
    void switchHoldAndFailureCountsSurviveARestart() throws Exception {
        Path data = Files.createTempDirectory("gateway-restart-db");
        Map<String, String> settings = Map.of(
                "server.port", "0",
                "database.data-dir", data.toString(),
                "failover.health-check-interval", "3600000",
                "failover.recovery-check-interval", "3600000",
                "inbox.sweep-interval", "3600000",
                "bots.gemini.base-url", "http://127.0.0.1:9",
                "bots.gemini.api-key", "restart-test-key");

        FailoverSnapshot before;
        try (ConfigurableApplicationContext first = start(settings)) {
            FailoverService failover = first.getBean(FailoverService.class);
            first.getBean(org.apache.camel.ProducerTemplate.class)
                    .sendBody("direct:probe-gemini", null);
            failover.forceSwitch(Bot.ROUTER_HUG, false, true);
            before = failover.snapshot();
        }

        try (ConfigurableApplicationContext second = start(settings)) {
            FailoverSnapshot after = second.getBean(FailoverService.class).snapshot();

            assertThat(after.active()).isEqualTo(Bot.ROUTER_HUG);
            assertThat(after.hold()).isTrue();
            // PostgreSQL keeps microseconds.
            assertThat(after.lastSwitchTime())
                    .isCloseTo(before.lastSwitchTime(), within(1, ChronoUnit.MILLIS));
            assertThat(after.nextRecoveryTime())
                    .isCloseTo(before.nextRecoveryTime(), within(1, ChronoUnit.MILLIS));
            assertThat(after.health(Bot.GEMINI).consecutiveFailures()).isEqualTo(1);
            assertThat(after.health(Bot.GEMINI).lastError()).contains("connection");
            assertThat(after.health(Bot.GEMINI).recovering()).isTrue();
        }
    }

    private static ConfigurableApplicationContext start(Map<String, String> settings) {
        // Command-line arguments, so they win over application.yml as a user's would.
        String[] arguments = settings.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(ChatbotLoadBalancerApplication.class)
                .run(arguments);
    }
}
