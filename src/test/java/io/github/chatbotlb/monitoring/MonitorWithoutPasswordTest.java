package io.github.chatbotlb.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.github.chatbotlb.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The plain test gateway has no MONITOR_PASSWORD: no login, however guessed, gets in. */
class MonitorWithoutPasswordTest extends GatewayTestSupport {

    @Autowired
    MonitorProperties monitor;

    @Test
    void withoutAPasswordEveryLoginIsRefused() {
        assumeFalse(monitor.loginConfigured(), "MONITOR_PASSWORD is set in this environment");
        List<String> guesses = List.of("monitor:", "monitor:monitor", "user:user", "admin:admin",
                "monitor:" + ADMIN_KEY, ":");

        for (String path : List.of("/actuator/prometheus", "/actuator/jolokia/version",
                "/actuator/hawtio/", "/actuator/metrics")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
            for (String guess : guesses) {
                int status = send(HttpRequest.newBuilder(url(path))
                        .header("Authorization", "Basic " + Base64.getEncoder()
                                .encodeToString(guess.getBytes(StandardCharsets.UTF_8)))
                        .GET().build()).statusCode();
                assertThat(status).as(path + " as " + guess).isEqualTo(401);
            }
        }
    }

    @Test
    void theOpenRoutesNeedNoLogin() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/status").statusCode()).isEqualTo(200);
    }
}
