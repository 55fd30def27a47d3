package io.github.chatbotlb.failover;

import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static io.github.chatbotlb.support.Stubs.OPENROUTER_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;

class FailoverRulesTest extends GatewayTestSupport {

    private static final String MAINTENANCE =
            "Hệ thống đang được bảo trì. Vui lòng thử lại sau ít phút.";

    @Test
    void threeFailedProbesSwitchToTheBackup() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("pong")));

        pollHealth();
        pollHealth();
        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(status().at("/systems/gemini/consecutiveFailures").asInt()).isEqualTo(2);

        pollHealth();
        JsonNode status = status();
        assertThat(status.at("/loadBalancer/currentSystem").asText()).isEqualTo("router_hug");
        assertThat(status.at("/systems/gemini/status").asText()).isEqualTo("unhealthy");
        assertThat(status.at("/loadBalancer/lastSwitchTime").isNull()).isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM switch_history WHERE kind ="
                + " 'switch' AND from_bot = 'gemini' AND to_bot = 'router_hug'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        pollHealth();
        pollHealth();

        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("pong")));
        pollHealth();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        pollHealth();
        pollHealth();

        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(status().at("/systems/gemini/consecutiveFailures").asInt()).isEqualTo(2);
    }

    @Test
    void failedLiveCallsCountLikeFailedProbes() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("from the backup")));

        for (int i = 0; i < 3; i++) {
            postWebhook(Webhooks.page(Webhooks.text("U200", "m_live" + i, "question " + i)));
            awaitReplies("U200", i + 1);
        }

        assertThat(repliesTo("U200")).containsOnly("from the backup");
        assertThat(failover.activeBot()).isEqualTo("router_hug");
    }

    @Test
    void geminiQuotaExhaustedCountsAsAFailureAndSwitches() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiQuotaExhausted()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("pong")));

        pollHealth();
        pollHealth();
        pollHealth();

        assertThat(failover.activeBot()).isEqualTo("router_hug");
        assertThat(status().at("/systems/gemini/lastError").asText()).contains("429");
    }

    @Test
    void aSafetyBlockGoesToTheBackupWithoutCountingAgainstGemini() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiSafetyBlock()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("answered by the backup")));

        for (int i = 0; i < 4; i++) {
            postWebhook(Webhooks.page(Webhooks.text("U201", "m_unsafe" + i, "borderline")));
            awaitReplies("U201", i + 1);
        }

        assertThat(repliesTo("U201")).containsOnly("answered by the backup");
        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(status().at("/systems/gemini/consecutiveFailures").asInt()).isZero();
        assertThat(status().at("/systems/gemini/circuitBreaker").asText()).isEqualTo("CLOSED");
    }

    @Test
    void contentNeitherBotWillAnswerGetsThePoliteRefusalNotMaintenance() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiPromptBlocked()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.okJsonChoiceFiltered()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.okJsonChoiceFiltered()));

        postWebhook(Webhooks.page(Webhooks.text("U202", "m_refused", "forbidden topic")));

        assertThat(awaitReplies("U202", 1).get(0)).isNotEqualTo(MAINTENANCE)
                .contains("không thể trả lời");
        assertThat(failover.inMaintenance()).isFalse();
    }

    @Test
    void afterTheRecoveryTimeAHealthyPrimaryIsTakenBack() {
        switchToBackupByFailedProbes();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("pong")));

        clock.advance(Duration.ofHours(11));
        recover();
        assertThat(failover.activeBot()).isEqualTo("router_hug");

        clock.advance(Duration.ofHours(1).plusMinutes(1));
        recover();
        JsonNode status = status();
        assertThat(status.at("/loadBalancer/currentSystem").asText()).isEqualTo("gemini");
        assertThat(status.at("/systems/gemini/isRecovering").asBoolean()).isFalse();
        assertThat(status.at("/loadBalancer/nextRecoveryTime").isNull()).isTrue();
    }

    @Test
    void anUnhealthyPrimaryIsNotTakenBackAndIsTriedAgainLater() {
        switchToBackupByFailedProbes();
        clock.advance(Duration.ofHours(12).plusMinutes(1));

        recover();
        assertThat(failover.activeBot()).isEqualTo("router_hug");
        int attempts = calls(GEMINI_PATH).size();

        recover();
        assertThat(calls(GEMINI_PATH)).as("no new attempt before the retry interval")
                .hasSize(attempts);

        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("pong")));
        clock.advance(Duration.ofMinutes(31));
        recover();
        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM switch_history"
                + " WHERE kind = 'recovery_attempt'", Integer.class)).isEqualTo(2);
    }

    @Test
    void theBackupFailingWhileThePrimaryIsHealthySwitchesBackAtOnce() {
        switchToBackupByFailedProbes();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("pong")));
        pollHealth();
        assertThat(failover.activeBot()).isEqualTo("router_hug");

        API.stubFor(Stubs.openRouter().willReturn(Stubs.openRouterNoCredits()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.huggingFaceUnavailable()));
        pollHealth();
        pollHealth();
        pollHealth();

        assertThat(failover.activeBot()).isEqualTo("gemini");
        assertThat(failover.inMaintenance()).isFalse();
    }

    @Test
    void bothDownMeansMaintenanceUntilTheFirstSuccess() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.openRouterErrorIn200()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.huggingFaceUnavailable()));
        pollHealth();
        pollHealth();
        pollHealth();

        assertThat(get("/health").statusCode()).isEqualTo(503);
        assertThat(status().at("/loadBalancer/maintenanceMode").asBoolean()).isTrue();
        var ack = postWebhook(Webhooks.page(Webhooks.text("U203", "m_maint", "hello?")));
        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(awaitReplies("U203", 1)).containsExactly(MAINTENANCE);

        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("I am back")));
        postWebhook(Webhooks.page(Webhooks.text("U203", "m_after", "hello again")));
        assertThat(awaitReplies("U203", 2).get(1)).isEqualTo("I am back");
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(failover.activeBot()).isEqualTo("router_hug");
        assertThat(jdbc.queryForList("SELECT kind FROM switch_history ORDER BY id",
                String.class)).contains("maintenance_on", "maintenance_off");
    }

    @Test
    void anOpenBreakerSendsMessagesStraightToTheBackup() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup")));
        failover.forceSwitch(Bot.GEMINI, true, true);

        for (int i = 0; i < 8; i++) {
            postWebhook(Webhooks.page(Webhooks.text("U204", "m_br" + i, "q" + i)));
            awaitReplies("U204", i + 1);
        }

        await().until(() -> status().at("/systems/gemini/circuitBreaker").asText(),
                state -> state.equals("OPEN"));
        assertThat(calls(GEMINI_PATH).size()).isLessThan(8);
        assertThat(calls(OPENROUTER_PATH)).hasSize(8);
    }

    private void switchToBackupByFailedProbes() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("pong")));
        pollHealth();
        pollHealth();
        pollHealth();
        assertThat(failover.activeBot()).isEqualTo("router_hug");
    }

    private void pollHealth() {
        template.sendBody("direct:poll-health", null);
    }

    private void recover() {
        template.sendBody("direct:recover-primary", null);
    }
}
