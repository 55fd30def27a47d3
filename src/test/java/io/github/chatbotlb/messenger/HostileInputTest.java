package io.github.chatbotlb.messenger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.github.chatbotlb.support.OperatedGatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a stranger, a broken client or a broken upstream can throw at the gateway. Each is
 * answered with a clear status, stores nothing it should not, and leaves the service serving.
 */
class HostileInputTest extends OperatedGatewayTestSupport {

    private static final int MAX_BODY = 1_048_576;

    @Test
    void aBodyOverTheSizeLimitIsRefusedWith413() {
        byte[] body = oversizedWebhook();

        HttpResponse<String> response = postWebhook(body, signature(body));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isZero();
        assertStillServing();
    }

    @Test
    void aChunkedBodyOverTheSizeLimitIsRefusedWith413() {
        byte[] body = oversizedWebhook();
        // No Content-Length: the limit must hold while reading, not only on the header.
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature(body))
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(inboxRows()).isZero();
        assertStillServing();
    }

    @Test
    void aSignedBodyThatIsNotJsonIsRefusedWith400() {
        for (String body : List.of("hello, this is not JSON", "{\"object\":\"page\",\"entry\":[",
                "[1,2,3]", "\"page\"", "")) {
            HttpResponse<String> response = postWebhook(body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(inboxRows()).isZero();
        assertStillServing();
    }

    @Test
    void aSignedBodyThatIsNotAPageEventIsRefusedWith400() {
        String item = Webhooks.text("U600", "m_obj", "hi");
        for (String body : List.of(
                "{\"object\":\"user\",\"entry\":[{\"id\":\"1\",\"messaging\":[" + item + "]}]}",
                "{\"object\":\"instagram\",\"entry\":[]}",
                "{\"entry\":[{\"id\":\"1\",\"messaging\":[" + item + "]}]}",
                "{\"object\":\"page\"}",
                "{\"object\":\"page\",\"entry\":{\"id\":\"1\"}}")) {
            HttpResponse<String> response = postWebhook(body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
        }
        assertThat(inboxRows()).isZero();
        assertThat(calls(GEMINI_PATH)).isEmpty();
        assertHealthy();
    }

    @Test
    void aSignatureOfTheWrongAlgorithmOrLengthIsRefusedWith403() throws Exception {
        byte[] body = Webhooks.page(Webhooks.text("U601", "m_sig", "hi"))
                .getBytes(StandardCharsets.UTF_8);
        String valid = signature(body);
        Mac sha1 = Mac.getInstance("HmacSHA1");
        sha1.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String sha1Signature = "sha1=" + HexFormat.of().formatHex(sha1.doFinal(body));

        for (String header : List.of(sha1Signature, valid.substring(0, 39), valid + "00",
                "sha256=", "sha256=" + "zz".repeat(32), valid.toUpperCase(),
                "sha512=" + valid.substring(7))) {
            HttpResponse<String> response = postWebhook(body, header);

            assertThat(response.statusCode()).as(header).isEqualTo(403);
        }
        assertThat(inboxRows()).isZero();
        assertHealthy();
    }

    @Test
    void itemsWithoutSenderOrWithUnknownFieldsAreToleratedAndTheValidOnesAnswered() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("answered")));
        long now = System.currentTimeMillis();
        String noSender = "{\"recipient\":{\"id\":\"PAGE1\"},\"timestamp\":" + now
                + ",\"message\":{\"mid\":\"m_nosender\",\"text\":\"who am I\"}}";
        String senderWithoutId = "{\"sender\":{},\"timestamp\":" + now
                + ",\"message\":{\"mid\":\"m_noid\",\"text\":\"hi\"}}";
        String strangeShapes = "{\"sender\":{\"id\":\"U602\"},\"timestamp\":\"yesterday\","
                + "\"message\":{\"mid\":42,\"text\":{\"nested\":true}}}";
        String unknownFields = "{\"sender\":{\"id\":\"U603\",\"extra\":[1,2]},"
                + "\"recipient\":{\"id\":\"PAGE1\"},\"timestamp\":" + now + ",\"future_field\":"
                + "{\"a\":null},\"message\":{\"mid\":\"m_known\",\"text\":\"a real question\","
                + "\"nlp\":{\"entities\":{}},\"new_thing\":\"x\"}}";

        HttpResponse<String> response = postWebhook("{\"object\":\"page\",\"new_top\":1,"
                + "\"entry\":[{\"id\":\"PAGE1\",\"time\":" + now + ",\"messaging\":["
                + noSender + "," + senderWithoutId + "," + strangeShapes + ",17,null,"
                + unknownFields + "]},{\"id\":\"PAGE1\",\"changes\":[]}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitReplies("U603", 1)).containsExactly("answered");
        assertThat(inboxRows()).isEqualTo(1);
        assertThat(graphCalls()).hasSize(1);
        assertHealthy();
    }

    @Test
    void aVeryLongTextIsCutBeforeItReachesTheBot() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("that was long")));
        String text = "Lorem ipsum dolor sit amet. ".repeat(1000);

        postWebhook(Webhooks.page(Webhooks.text("U604", "m_long_text", text)));

        awaitReplies("U604", 1);
        String asked = json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText();
        assertThat(asked).hasSizeLessThanOrEqualTo(4000);
        assertThat(text).startsWith(asked);
        assertThat(jdbc.queryForObject("SELECT length(user_text) FROM inbox_event",
                Integer.class)).isLessThanOrEqualTo(4000);
    }

    @Test
    void controlCharactersAreDroppedWhileRtlMarksEmojiAndCombiningMarksSurvive() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("ok")));
        String kept = "\u200Fשלום\u202E abc\u202C e\u0301 n\u0303 😀👍🏽 👨‍👩‍👧";
        // NUL, bell, escape, DEL and C1 controls; PostgreSQL refuses NUL in text outright.
        String sent = "\u0000" + kept + "\u0007\u001B[31m\u007F\u0085\u009B\r\nnext line\t!";

        HttpResponse<String> response = postWebhook(Webhooks.page(
                Webhooks.text("U605", "m_weird", sent)));

        assertThat(response.statusCode()).isEqualTo(200);
        awaitReplies("U605", 1);
        String asked = json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText();
        assertThat(asked).isEqualTo(kept + "[31m\nnext line\t!");
    }

    @Test
    void aLoneSurrogateOrAControlOnlyTextIsNotABreakage() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("fine")));
        // JSON escapes can carry half an emoji, which UTF-8 (and PostgreSQL) cannot.
        long now = System.currentTimeMillis();
        String loneSurrogate = "{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE1\",\"messaging\":["
                + "{\"sender\":{\"id\":\"U606\"},\"timestamp\":" + now
                + ",\"message\":{\"mid\":\"m_half\","
                + "\"text\":\"half \\ud83d an emoji\"}},"
                + "{\"sender\":{\"id\":\"U607\"},\"timestamp\":" + now
                + ",\"message\":{\"mid\":\"m_ctl\","
                + "\"text\":\"\\u0000\\u0001\\u0002\"}}]}]}";

        HttpResponse<String> response = postWebhook(loneSurrogate);

        assertThat(response.statusCode()).isEqualTo(200);
        awaitReplies("U606", 1);
        assertThat(json(calls(GEMINI_PATH).get(0)).at("/contents/0/parts/0/text").asText())
                .isEqualTo("half  an emoji");
        assertThat(inboxRows()).isEqualTo(1);
        assertThat(repliesTo("U607")).isEmpty();
    }

    @Test
    void fiveHundredEventsInOneBatchAreAllStoredAndAllAnswered() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("quick")));
        List<String> items = new ArrayList<>();
        for (int user = 0; user < 100; user++) {
            items.addAll(Webhooks.texts("U7" + user, "m_flood_" + user + "_", 5));
        }

        HttpResponse<String> response = postWebhook(Webhooks.page(items.toArray(String[]::new)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(inboxRows()).isEqualTo(500);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM inbox_event"
                        + " WHERE status = 'answered'", Integer.class) == 500);
        assertThat(graphCalls()).hasSize(500);
        assertHealthy();
    }

    static Stream<Arguments> brokenGeminiAnswers() {
        String tenMegabytes = "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\""
                + "x".repeat(10 * 1024 * 1024) + "\"}]},\"finishReason\":\"STOP\"}]}";
        return Stream.of(
                Arguments.of("malformed JSON", aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":")),
                Arguments.of("HTML with 200", aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>Welcome to nginx!</h1></body></html>")),
                Arguments.of("HTML with 502", aResponse().withStatus(502)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><head><title>502 Bad Gateway</title></head></html>")),
                Arguments.of("empty body", aResponse().withStatus(200)),
                Arguments.of("10 MB body", aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody(tenMegabytes)),
                Arguments.of("no answer in time",
                        Stubs.geminiAnswer("too late").withFixedDelay(5000)),
                Arguments.of("a dribble that never completes in time",
                        Stubs.geminiAnswer("too slow").withChunkedDribbleDelay(4, 8000)),
                Arguments.of("connection reset",
                        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @ParameterizedTest(name = "Gemini answers with {0}")
    @MethodSource("brokenGeminiAnswers")
    void aBrokenGeminiAnswerStillGetsTheUserAnAnswerFromTheBackup(String name,
            ResponseDefinitionBuilder broken) {
        API.stubFor(Stubs.gemini().willReturn(broken));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("the backup answers")));

        HttpResponse<String> response = postWebhook(Webhooks.page(
                Webhooks.text("U800", "m_broken", "are you there?")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(awaitReplies("U800", 1)).containsExactly("the backup answers");
        await().until(() -> "answered".equals(inboxStatus("m_broken")));
        assertThat(failover.snapshot().health(io.github.chatbotlb.bot.Bot.GEMINI)
                .consecutiveFailures()).isEqualTo(1);
        assertHealthy();
    }

    private static byte[] oversizedWebhook() {
        String padding = "x".repeat(MAX_BODY);
        return Webhooks.page(Webhooks.text("U609", "m_huge", padding))
                .getBytes(StandardCharsets.UTF_8);
    }

    private void assertHealthy() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);
    }

    /** Healthy, and a normal message right after is still stored and answered. */
    private void assertStillServing() {
        assertHealthy();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("still here")));
        postWebhook(Webhooks.page(Webhooks.text("U699", "m_after", "hello?")));
        assertThat(awaitReplies("U699", 1)).containsExactly("still here");
        assertThat(inboxRows()).isEqualTo(1);
    }
}
