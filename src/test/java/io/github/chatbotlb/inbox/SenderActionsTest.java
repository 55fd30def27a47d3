package io.github.chatbotlb.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistrar;

@Import(SenderActionsTest.SenderActionsOn.class)
class SenderActionsTest extends GatewayTestSupport {

    @Test
    void theUserSeesTheMessageReadAndThePageTypingWhileTheBotThinks() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer().withFixedDelay(500)));

        postWebhook(Webhooks.page(Webhooks.text("U700", "m_typing", "anyone there?")));

        awaitReplies("U700", 1);
        List<String> seen = graphCalls().stream()
                .map(GatewayTestSupport::json)
                .filter(body -> body.path("recipient").path("id").asText().equals("U700"))
                .map(SenderActionsTest::whatTheUserSees)
                .toList();
        assertThat(seen).containsExactly("mark_seen", "typing_on",
                EchoBot.replyTo("anyone there?"));
    }

    private static String whatTheUserSees(JsonNode body) {
        return body.has("sender_action") ? body.path("sender_action").asText()
                : body.path("message").path("text").asText();
    }

    /**
     * The support class turns sender actions off; a registrar runs after its
     * {@code @DynamicPropertySource}, so this value wins.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class SenderActionsOn {

        @Bean
        DynamicPropertyRegistrar senderActionsOn() {
            return registry -> registry.add("messenger.sender-actions", () -> "true");
        }
    }
}
