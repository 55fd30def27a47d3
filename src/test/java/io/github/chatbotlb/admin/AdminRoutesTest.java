package io.github.chatbotlb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminRoutesTest extends GatewayTestSupport {

    @Test
    void statusKeepsTheEarlierSystemsShapeFieldForField() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("hi")));
        JsonNode before = status().path("statistics");
        postWebhook(Webhooks.page(Webhooks.text("U300", "m_s1", "hello")));
        awaitReplies("U300", 1);

        JsonNode status = status();

        assertThat(fieldNames(status.path("loadBalancer")))
                .contains("currentSystem", "maintenanceMode", "lastSwitchTime");
        assertThat(status.at("/loadBalancer/currentSystem").asText()).isEqualTo("gemini");
        assertThat(status.at("/loadBalancer/maintenanceMode").isBoolean()).isTrue();
        for (String bot : List.of("gemini", "router_hug")) {
            JsonNode system = status.path("systems").path(bot);
            assertThat(fieldNames(system)).as(bot)
                    .contains("status", "lastCheck", "consecutiveFailures", "isRecovering");
            assertThat(system.path("consecutiveFailures").isInt()).isTrue();
            assertThat(system.path("isRecovering").isBoolean()).isTrue();
        }
        assertThat(status.at("/systems/gemini/status").asText()).isEqualTo("healthy");
        assertThat(status.at("/systems/router_hug/status").asText()).isEqualTo("unknown");
        JsonNode statistics = status.path("statistics");
        // The counters run since the service started, as the earlier system's did.
        assertThat(statistics.path("totalRequests").asLong())
                .isEqualTo(before.path("totalRequests").asLong() + 1);
        assertThat(statistics.path("successfulRequests").asLong())
                .isEqualTo(before.path("successfulRequests").asLong() + 1);
        assertThat(statistics.path("failedRequests").asLong())
                .isEqualTo(before.path("failedRequests").asLong());
        assertThat(statistics.path("successRate").asText()).matches("\\d+\\.\\d{2}%");
        assertThat(status.at("/systems/gemini/circuitBreaker").asText()).isEqualTo("CLOSED");
        assertThat(status.path("uptimeSeconds").isNumber()).isTrue();
    }

    @Test
    void healthIsUpWhileABotCanAnswer() {
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health.body()).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void forceSwitchWithTheRightKeySwitchesAndStartsTheRecoveryClock() {
        HttpResponse<String> response = forceSwitch(
                "{\"system\":\"router_hug\",\"adminKey\":\"" + ADMIN_KEY + "\"}", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("success").asBoolean()).isTrue();
        JsonNode status = status();
        assertThat(status.at("/loadBalancer/currentSystem").asText()).isEqualTo("router_hug");
        assertThat(status.at("/loadBalancer/nextRecoveryTime").isNull()).isFalse();
        assertThat(status.at("/systems/gemini/isRecovering").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM switch_history"
                + " WHERE kind = 'forced_switch'", Integer.class)).isEqualTo(1);
    }

    @Test
    void forceSwitchAcceptsTheKeyInAHeader() {
        HttpResponse<String> response = forceSwitch("{\"system\":\"router_hug\"}", ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(failover.activeBot()).isEqualTo("router_hug");
    }

    @Test
    void forceSwitchWithAWrongKeyIsRefusedAndChangesNothing() {
        HttpResponse<String> response = forceSwitch(
                "{\"system\":\"router_hug\",\"adminKey\":\"guess\"}", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(ADMIN_KEY);
        assertThat(failover.activeBot()).isEqualTo("gemini");
    }

    @Test
    void switchingToAnUnhealthyBotIsRefusedUnlessForced() {
        API.stubFor(Stubs.openRouterKey().willReturn(Stubs.openRouterKeyRejected()));
        API.stubFor(Stubs.huggingFaceModels().willReturn(Stubs.huggingFaceUnavailable()));
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:probe-router-hug", null);
        }

        HttpResponse<String> refused = forceSwitch("{\"system\":\"router_hug\"}", ADMIN_KEY);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused.body()).path("error").asText()).contains("unhealthy");
        assertThat(failover.activeBot()).isEqualTo("gemini");

        HttpResponse<String> forced = forceSwitch(
                "{\"system\":\"router_hug\",\"force\":true}", ADMIN_KEY);
        assertThat(forced.statusCode()).isEqualTo(200);
        assertThat(failover.activeBot()).isEqualTo("router_hug");
    }

    @Test
    void holdKeepsTheForcedBotEvenWhenItBecomesUnhealthy() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("pong")));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.openRouterNoCredits()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.huggingFaceUnavailable()));

        forceSwitch("{\"system\":\"router_hug\",\"hold\":true}", ADMIN_KEY);
        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:poll-health", null);
        }
        clock.advance(java.time.Duration.ofHours(13));
        template.sendBody("direct:recover-primary", null);

        assertThat(failover.activeBot()).isEqualTo("router_hug");
        assertThat(status().at("/loadBalancer/hold").asBoolean()).isTrue();

        forceSwitch("{\"system\":\"gemini\"}", ADMIN_KEY);
        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(status().at("/loadBalancer/hold").asBoolean()).isFalse();
    }

    @Test
    void forceSwitchPostedAsCurlsDefaultFormStillWorks() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/force-switch"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"system\":\"router_hug\",\"adminKey\":\"" + ADMIN_KEY + "\"}"))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(failover.activeBot()).isEqualTo("router_hug");
    }

    @Test
    void fiveWrongKeysLockTheAddressOutEvenForTheRightKeyAndTheLogSaysSo(
            CapturedOutput output) {
        // A right key clears what earlier tests from this address left.
        forceSwitch("{\"system\":\"gemini\"}", ADMIN_KEY);
        try {
            for (int guess = 1; guess <= 5; guess++) {
                assertThat(forceSwitch("{\"system\":\"router_hug\"}", "guess" + guess)
                        .statusCode()).isEqualTo(401);
            }

            assertThat(forceSwitch("{\"system\":\"router_hug\"}", ADMIN_KEY).statusCode())
                    .isEqualTo(429);
            assertThat(output).contains("Admin key LOCKOUT: 5 wrong keys in a row from")
                    .doesNotContain("(0 in a row)");
        } finally {
            // The lockout outlives the test; the other tests here come from the same address.
            clock.advance(Duration.ofMinutes(11));
            assertThat(forceSwitch("{\"system\":\"router_hug\"}", ADMIN_KEY).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void anUnknownSystemIsABadRequest() {
        HttpResponse<String> response = forceSwitch("{\"system\":\"chatgpt\"}", ADMIN_KEY);

        assertThat(response.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> forceSwitch(String body, String headerKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/force-switch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headerKey != null) {
            request.header("X-Admin-Key", headerKey);
        }
        return send(request.build());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
