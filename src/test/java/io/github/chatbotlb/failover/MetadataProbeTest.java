package io.github.chatbotlb.failover;

import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The default probes read the APIs' metadata with the real keys and spend no tokens. */
@TestPropertySource(properties = "failover.probe-mode=metadata")
class MetadataProbeTest extends GatewayTestSupport {

    @Test
    void healthyMetadataMakesBothBotsHealthyWithoutGenerating() {
        API.stubFor(Stubs.geminiModel().willReturn(Stubs.geminiModelInfo()));
        API.stubFor(Stubs.openRouterKey().willReturn(Stubs.openRouterKeyInfo()));

        template.sendBody("direct:poll-health", null);

        assertThat(status().at("/systems/gemini/status").asText()).isEqualTo("healthy");
        assertThat(status().at("/systems/router_hug/status").asText()).isEqualTo("healthy");
        assertThat(calls(GEMINI_PATH)).isEmpty();
        LoggedRequest probe = API.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
                        .urlPathEqualTo("/v1beta/models/gemini-test"))).get(0);
        assertThat(probe.getHeader("x-goog-api-key")).isEqualTo(GEMINI_KEY);
    }

    @Test
    void aRejectedGeminiKeyFailsThreeProbesAndSwitches() {
        API.stubFor(Stubs.geminiModel().willReturn(Stubs.geminiKeyInvalid()));
        API.stubFor(Stubs.openRouterKey().willReturn(Stubs.openRouterKeyInfo()));

        for (int i = 0; i < 3; i++) {
            template.sendBody("direct:poll-health", null);
        }

        assertThat(failover.activeBot()).isEqualTo("router_hug");
        assertThat(status().at("/systems/gemini/lastError").asText()).contains("API key not valid");
    }

    @Test
    void routerHugIsUpWhenOnlyTheHuggingFaceRouterAnswers() {
        API.stubFor(Stubs.openRouterKey().willReturn(Stubs.openRouterKeyRejected()));
        API.stubFor(Stubs.huggingFaceModels().willReturn(com.github.tomakehurst.wiremock.client
                .WireMock.okJson("{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}")));

        template.sendBody("direct:probe-router-hug", null);

        assertThat(status().at("/systems/router_hug/status").asText()).isEqualTo("healthy");
    }
}
