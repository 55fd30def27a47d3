package io.github.chatbotlb.failover;

import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The defaults give up on a bot through the circuit breaker's timeout (15 s) long before the
 * HTTP read timeout (30 s). Here too: the breaker waits 400 ms, the read timeout stays at 30 s.
 */
@TestPropertySource(properties = "breaker.timeout-duration=400")
class BreakerTimeoutTest extends GatewayTestSupport {

    @Test
    void aGeminiThatStopsAnsweringCountsAsFailingAndIsSwitchedAway() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("too late").withFixedDelay(3000)));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup answer")));

        for (int user = 1; user <= 3; user++) {
            postWebhook(Webhooks.page(Webhooks.text("U95" + user, "m_hang" + user, "hello?")));
            assertThat(awaitReplies("U95" + user, 1)).containsExactly("backup answer");
        }

        JsonNode status = status();
        assertThat(status.at("/systems/gemini/lastError").asText()).contains("no answer in time");
        assertThat(status.at("/systems/gemini/status").asText()).isEqualTo("unhealthy");
        assertThat(status.at("/loadBalancer/currentSystem").asText()).isEqualTo("router_hug");
    }

    @Test
    void aCallTheOpenBreakerRefusesIsNotCountedAgainstTheBot() {
        camel.getProcessor("gemini-breaker", ResilienceProcessor.class).transitionToOpenState();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("not asked")));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup answer")));

        postWebhook(Webhooks.page(Webhooks.text("U960", "m_open", "hello?")));

        assertThat(awaitReplies("U960", 1)).containsExactly("backup answer");
        assertThat(calls(GEMINI_PATH)).isEmpty();
        assertThat(status().at("/systems/gemini/consecutiveFailures").asInt()).isZero();
    }
}
