package io.github.chatbotlb.bot;

import static io.github.chatbotlb.support.Stubs.HUGGINGFACE_PATH;
import static io.github.chatbotlb.support.Stubs.OPENROUTER_PATH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;

class BotFallbackTest extends GatewayTestSupport {

    @Test
    void overloadedGeminiIsReplacedByOpenRouterWithTheSiteHeaders() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("OpenRouter here")));

        postWebhook(Webhooks.page(Webhooks.text("U400", "m_or", "Xin chào")));

        assertThat(awaitReplies("U400", 1)).containsExactly("OpenRouter here");
        LoggedRequest call = calls(OPENROUTER_PATH).get(0);
        assertThat(call.getHeader("Authorization")).isEqualTo("Bearer " + OPENROUTER_KEY);
        assertThat(call.getHeader("HTTP-Referer")).isEqualTo("https://page.example");
        assertThat(call.getHeader("X-Title")).isEqualTo("Test Page");
        JsonNode body = json(call);
        assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(body.at("/messages/1/role").asText()).isEqualTo("user");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("Xin chào");
        assertThat(body.path("model").asText()).isNotBlank();
    }

    @Test
    void anOpenRouterErrorInsideA200IsAFailureAndHuggingFaceAnswers() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.openRouterErrorIn200()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.chatAnswer("Hugging Face here")));

        postWebhook(Webhooks.page(Webhooks.text("U401", "m_hf", "hello")));

        assertThat(awaitReplies("U401", 1)).containsExactly("Hugging Face here");
        assertThat(calls(HUGGINGFACE_PATH).get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + HUGGINGFACE_KEY);
    }

    @Test
    void whenAllThreeFailTheUserGetsTheMaintenanceText() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.openRouterNoCredits()));
        API.stubFor(Stubs.huggingFace().willReturn(Stubs.huggingFaceUnavailable()));

        postWebhook(Webhooks.page(Webhooks.text("U402", "m_down", "anyone?")));

        assertThat(awaitReplies("U402", 1)).containsExactly(
                "Hệ thống đang được bảo trì. Vui lòng thử lại sau ít phút.");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE user_id = ?",
                Integer.class, "U402")).as("maintenance is not a conversation turn").isZero();
    }

    @Test
    void aBlockedGeminiPromptIsAnsweredByTheBackup() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiPromptBlocked()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup answer")));

        postWebhook(Webhooks.page(Webhooks.text("U403", "m_blocked", "edgy question")));

        assertThat(awaitReplies("U403", 1)).containsExactly("backup answer");
    }

    @Test
    void aGeminiAnswerThatStopsWithNoPartsIsAFailure() {
        API.stubFor(Stubs.gemini().willReturn(com.github.tomakehurst.wiremock.client.WireMock
                .okJson("{\"candidates\":[{\"content\":{\"role\":\"model\"},"
                        + "\"finishReason\":\"STOP\",\"index\":0}]}")));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup answer")));

        postWebhook(Webhooks.page(Webhooks.text("U404", "m_empty", "hello")));

        assertThat(awaitReplies("U404", 1)).containsExactly("backup answer");
        assertThat(status().at("/systems/gemini/consecutiveFailures").asInt()).isEqualTo(1);
    }
}
