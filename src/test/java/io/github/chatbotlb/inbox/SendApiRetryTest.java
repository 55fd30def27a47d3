package io.github.chatbotlb.inbox;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

@ExtendWith(OutputCaptureExtension.class)
@Import(SendApiRetryTest.SlowerRetries.class)
class SendApiRetryTest extends GatewayTestSupport {

    private static final long FIRST_RETRY_DELAY_MS = 300;

    @BeforeEach
    void botAnswers() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer()));
    }

    @Test
    void aServerErrorThenSuccessDeliversOneReply() {
        graphAnswersOnceThenSends(Stubs.graphError(500, 1, 99, "An unknown error occurred"));

        postWebhook(Webhooks.page(Webhooks.text("U500", "m_500", "hello")));

        await().until(() -> "answered".equals(inboxStatus("m_500")));
        assertThat(graphCalls()).hasSize(2);
        assertThat(delivered("U500")).containsExactly(EchoBot.replyTo("hello"));
        assertThat(status("m_500")).containsEntry("parts_sent", 1);
    }

    @Test
    void aRateLimitThenSuccessDeliversOneReplyAfterBackoff() {
        graphAnswersOnceThenSends(Stubs.graphError(400, 613,
                null, "Calls to this api have exceeded the rate limit."));

        postWebhook(Webhooks.page(Webhooks.text("U613", "m_613", "hello")));

        await().until(() -> "answered".equals(inboxStatus("m_613")));
        assertThat(delivered("U613")).containsExactly(EchoBot.replyTo("hello"));
        List<LoggedRequest> calls = graphCalls();
        assertThat(calls).hasSize(2);
        long waited = calls.get(1).getLoggedDate().getTime()
                - calls.get(0).getLoggedDate().getTime();
        // Collision avoidance moves the delay by up to 15% either way.
        assertThat(waited).isGreaterThanOrEqualTo(FIRST_RETRY_DELAY_MS * 85 / 100);
    }

    @Test
    void aUserWhoIsUnavailableIsNotRetriedAndTheFailureIsRecorded() {
        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(400, 551, 1545041,
                "This person isn't available right now.")));

        postWebhook(Webhooks.page(Webhooks.text("U551", "m_551", "hello")));

        await().until(() -> "failed".equals(inboxStatus("m_551")));
        assertThat(graphCalls()).hasSize(1);
        assertThat(status("m_551").get("error")).asString().contains("code 551");
    }

    @Test
    void aReplyOutsideTheMessagingWindowIsNotRetried() {
        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(400, 10, 2018278,
                "(#10) This message is sent outside of allowed window.")));

        postWebhook(Webhooks.page(Webhooks.text("U010", "m_010", "hello")));

        await().until(() -> "failed".equals(inboxStatus("m_010")));
        assertThat(graphCalls()).hasSize(1);
        assertThat(status("m_010").get("error")).asString().contains("code 10/2018278");
    }

    @Test
    void aReplyThatStillFailsAfterEveryRetryIsRecordedWithItsReason() {
        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(503, 2,
                null, "Service temporarily unavailable")));

        postWebhook(Webhooks.page(Webhooks.text("U503", "m_503", "hello")));

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(inboxStatus("m_503")));
        // The first call and five retries.
        assertThat(graphCalls()).hasSize(6);
        assertThat(status("m_503").get("error")).asString()
                .contains("HTTP 503 code 2").contains("Service temporarily unavailable");
        assertThat(status("m_503")).containsEntry("reply_text", EchoBot.replyTo("hello"));
    }

    @Test
    void aRejectedTokenRaisesOneOperatorAlertThatDoesNotShowTheToken(CapturedOutput output) {
        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(401, 190, 463,
                "Error validating access token: Session has expired.")));

        postWebhook(Webhooks.page(Webhooks.text("U190", "m_190a", "hello")));
        postWebhook(Webhooks.page(Webhooks.text("U191", "m_190b", "hello")));

        await().until(() -> "failed".equals(inboxStatus("m_190a"))
                && "failed".equals(inboxStatus("m_190b")));
        assertThat(graphCalls()).hasSize(2);
        assertThat(output.getAll().lines().filter(line -> line.contains("OPERATOR ALERT")))
                .hasSize(1)
                .allMatch(line -> line.contains("PAGE_ACCESS_TOKEN"));
        assertThat(output.getAll()).doesNotContain(PAGE_TOKEN);
        assertThat(status("m_190a").get("error")).asString().contains("code 190");
    }

    private void graphAnswersOnceThenSends(ResponseDefinitionBuilder firstAnswer) {
        API.stubFor(Stubs.graph().inScenario("graph").whenScenarioStateIs(STARTED)
                .willReturn(firstAnswer).willSetStateTo("recovered"));
        API.stubFor(Stubs.graph().inScenario("graph").whenScenarioStateIs("recovered")
                .willReturn(Stubs.graphSent()));
    }

    /** Texts Graph accepted for the user: what reached the user's screen. */
    private static List<String> delivered(String psid) {
        return API.getAllServeEvents().stream()
                .filter(served -> served.getRequest().getUrl().contains("/me/messages"))
                .filter(served -> served.getResponse().getStatus() == 200)
                .map(served -> json(served.getRequest().getBodyAsString()))
                .filter(body -> body.path("recipient").path("id").asText().equals(psid))
                .map(body -> body.path("message").path("text").asText())
                .toList();
    }

    private Map<String, Object> status(String mid) {
        return jdbc.queryForMap("SELECT status, error, reply_text, parts_sent FROM inbox_event"
                + " WHERE mid = ?", mid);
    }

    /** A registrar runs after the support class's {@code @DynamicPropertySource}, so it wins. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SlowerRetries {

        @Bean
        DynamicPropertyRegistrar slowerRetries() {
            // Long enough to see the backoff between two calls, short enough for a quick test.
            return registry -> {
                registry.add("send.first-retry-delay-ms", () -> FIRST_RETRY_DELAY_MS);
                registry.add("send.max-retry-delay-ms", () -> 2 * FIRST_RETRY_DELAY_MS);
            };
        }
    }
}
