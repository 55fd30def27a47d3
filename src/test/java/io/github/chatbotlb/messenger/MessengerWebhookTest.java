package io.github.chatbotlb.messenger;

import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;

class MessengerWebhookTest extends GatewayTestSupport {

    @Test
    void handshakeWithTheRightTokenEchoesTheChallenge() {
        HttpResponse<String> response = get("/webhook?hub.mode=subscribe&hub.verify_token="
                + VERIFY_TOKEN + "&hub.challenge=1158201444");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("1158201444");
    }

    @Test
    void handshakeWithAWrongTokenIsRefused() {
        HttpResponse<String> response = get(
                "/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("1158201444");
    }

    @Test
    void signedMessageIsAcknowledgedThenAnsweredByGemini() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Chào bạn!")));

        HttpResponse<String> response = postWebhook(Webhooks.page(
                Webhooks.text("U100", "m_hello", "Hello there")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("EVENT_RECEIVED");
        assertThat(awaitReplies("U100", 1)).containsExactly("Chào bạn!");

        LoggedRequest call = calls(GEMINI_PATH).get(0);
        assertThat(call.getHeader("x-goog-api-key")).isEqualTo(GEMINI_KEY);
        assertThat(call.getUrl()).doesNotContain(GEMINI_KEY);
        JsonNode body = json(call);
        assertThat(body.at("/systemInstruction/parts/0/text").asText()).isNotBlank();
        assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
        assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("Hello there");
        assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isPositive();

        LoggedRequest sent = graphCalls().get(0);
        assertThat(json(sent).path("messaging_type").asText()).isEqualTo("RESPONSE");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + PAGE_TOKEN);
        assertThat(sent.getUrl()).doesNotContain(PAGE_TOKEN);
        await().until(() -> "answered".equals(inboxStatus("m_hello")));
    }

    @Test
    void acknowledgementDoesNotWaitForTheBot() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("slow answer")
                .withFixedDelay(3000)));

        HttpResponse<String> response = postWebhook(Webhooks.page(
                Webhooks.text("U101", "m_slow", "Are you there?")));

        // The answer arrives seconds later; the 200 came back before the bot said anything.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(repliesTo("U101")).isEmpty();
        assertThat(inboxStatus("m_slow")).isIn("pending", "answering");
        assertThat(awaitReplies("U101", 1)).containsExactly("slow answer");
    }

    @Test
    void wrongSignatureIsRefusedAndNothingIsStored() {
        byte[] body = Webhooks.page(Webhooks.text("U102", "m_forged", "hi"))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postWebhook(body,
                "sha256=" + "0".repeat(64));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void missingSignatureIsRefusedAndNothingIsStored() {
        byte[] body = Webhooks.page(Webhooks.text("U103", "m_unsigned", "hi"))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postWebhook(body, null);

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(inboxRows()).isZero();
    }

    @Test
    void signatureIsCheckedOverTheRawBytesOfAccentedTextAndEmoji() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Dạ vâng 🙂")));
        String text = "Tiếng Việt có dấu: ắ ặ ữ — café naïve 😀👍🏽 \u202Eabc";
        // Meta escapes nothing: the UTF-8 bytes go over the wire as they are.
        byte[] raw = Webhooks.page(Webhooks.text("U104", "m_accents", text))
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postWebhook(raw, signature(raw));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitReplies("U104", 1)).containsExactly("Dạ vâng 🙂");
        assertThat(json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText())
                .isEqualTo(text);
    }

    @Test
    void everyEntryAndEveryMessagingItemOfABatchIsAnswered() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("ok")));

        postWebhook(Webhooks.entries(
                Webhooks.entry(Webhooks.text("U105", "m_b1", "one"),
                        Webhooks.text("U106", "m_b2", "two")),
                Webhooks.entry(Webhooks.text("U107", "m_b3", "three"),
                        Webhooks.text("U108", "m_b4", "four"))));

        await().atMost(Duration.ofSeconds(20)).until(() -> graphCalls().size() == 4);
        for (String user : List.of("U105", "U106", "U107", "U108")) {
            assertThat(repliesTo(user)).containsExactly("ok");
        }
    }

    @Test
    void echoesDeliveriesAndReadsAreNotAnswered() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("should not be sent")));

        HttpResponse<String> response = postWebhook(Webhooks.page(
                Webhooks.echo("U109", "m_echo", "our own reply"),
                Webhooks.delivery("U109"),
                Webhooks.read("U109"),
                Webhooks.text("U110", "m_real", "a real question")));

        assertThat(response.statusCode()).isEqualTo(200);
        awaitReplies("U110", 1);
        assertThat(repliesTo("U109")).isEmpty();
        assertThat(inboxRows()).isEqualTo(1);
    }

    @Test
    void aRedeliveredMidIsAnsweredOnce() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("only once")));
        String webhook = Webhooks.page(Webhooks.text("U111", "m_twice", "hello?"));

        postWebhook(webhook);
        awaitReplies("U111", 1);
        HttpResponse<String> again = postWebhook(webhook);
        template.sendBody("direct:sweep-inbox", null);

        assertThat(again.statusCode()).isEqualTo(200);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> repliesTo("U111").size() == 1);
        assertThat(calls(GEMINI_PATH)).hasSize(1);
    }

    @Test
    void postbackIsAnsweredFromItsTitle() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Here is the menu")));

        postWebhook(Webhooks.page(Webhooks.postback("U112", "m_pb", "Show menu", "MENU")));

        assertThat(awaitReplies("U112", 1)).containsExactly("Here is the menu");
        assertThat(json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText())
                .isEqualTo("Show menu");
    }

    @Test
    void quickReplyIsAnsweredFromItsText() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Great choice")));

        postWebhook(Webhooks.page(Webhooks.quickReply("U113", "m_qr", "Red", "COLOR_RED")));

        assertThat(awaitReplies("U113", 1)).containsExactly("Great choice");
        assertThat(json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText())
                .isEqualTo("Red");
    }

    @Test
    void anAttachmentOnlyMessageGetsTheTextOnlyNotice() {
        postWebhook(Webhooks.page(Webhooks.imageOnly("U114", "m_img")));

        assertThat(awaitReplies("U114", 1).get(0)).contains("văn bản");
        assertThat(calls(GEMINI_PATH)).isEmpty();
    }

    @Test
    void aLongAnswerIsSentInPartsUnderTheMessengerLimit() {
        String sentence = "This sentence is part of a long answer. ";
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer(sentence.repeat(113))));

        postWebhook(Webhooks.page(Webhooks.text("U115", "m_long", "tell me everything")));

        List<String> parts = awaitReplies("U115", 3);
        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part.length())
                .isLessThanOrEqualTo(2000));
        assertThat(parts.get(0)).endsWith("answer.");
        assertThat(String.join(" ", parts)).isEqualTo(sentence.repeat(113).strip());
    }

    @Test
    void theSecondTurnCarriesTheFirstAsHistory() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Nice to meet you, Lan")));
        postWebhook(Webhooks.page(Webhooks.text("U116", "m_t1", "My name is Lan")));
        awaitReplies("U116", 1);

        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("Your name is Lan")));
        postWebhook(Webhooks.page(Webhooks.text("U116", "m_t2", "What is my name?")));
        awaitReplies("U116", 2);

        List<LoggedRequest> geminiCalls = calls(GEMINI_PATH);
        JsonNode second = json(geminiCalls.get(geminiCalls.size() - 1));
        assertThat(second.at("/contents/0/parts/0/text").asText()).isEqualTo("My name is Lan");
        assertThat(second.at("/contents/1/role").asText()).isEqualTo("model");
        assertThat(second.at("/contents/1/parts/0/text").asText())
                .isEqualTo("Nice to meet you, Lan");
        assertThat(second.at("/contents/2/parts/0/text").asText()).isEqualTo("What is my name?");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM conversations WHERE user_id = ?",
                Integer.class, "U116")).isEqualTo(2);
    }
}
