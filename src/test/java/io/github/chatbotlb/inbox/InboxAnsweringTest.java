package io.github.chatbotlb.inbox;

import static io.github.chatbotlb.support.Stubs.GEMINI_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;

class InboxAnsweringTest extends GatewayTestSupport {

    @Test
    void twoMessagesOfOneUserInReverseOrderAreAnsweredInTimestampOrder() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer()));
        long sent = clock.millis() - 5_000;

        // Meta batched them the wrong way round: the later message comes first.
        assertThat(postWebhook(Webhooks.page(
                Webhooks.text("U400", "m_second", "second", sent + 1_000),
                Webhooks.text("U400", "m_first", "first", sent))).statusCode())
                .isEqualTo(200);

        assertThat(awaitReplies("U400", 2))
                .containsExactly(EchoBot.replyTo("first"), EchoBot.replyTo("second"));
        await().until(() -> "answered".equals(inboxStatus("m_second")));
        assertThat(inboxStatus("m_first")).isEqualTo("answered");
    }

    @Test
    void differentUsersAreAnsweredInParallel() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer().withFixedDelay(1_000)));
        List<String> users = List.of("U410", "U411", "U412", "U413");

        for (String psid : users) {
            postWebhook(Webhooks.page(Webhooks.text(psid, "m_" + psid, "hi from " + psid)));
        }

        for (String psid : users) {
            assertThat(awaitReplies(psid, 1)).containsExactly(EchoBot.replyTo("hi from " + psid));
        }
        // Every bot call was made before the first answer came back: nobody waited their turn.
        Date lastQuestion = calls(GEMINI_PATH).stream().map(LoggedRequest::getLoggedDate)
                .max(Comparator.naturalOrder()).orElseThrow();
        Date firstReply = graphCalls().stream().map(LoggedRequest::getLoggedDate)
                .min(Comparator.naturalOrder()).orElseThrow();
        assertThat(calls(GEMINI_PATH)).hasSize(4);
        assertThat(lastQuestion).isBefore(firstReply);
    }

    @Test
    void aFloodFromOneUserDoesNotHoldBackAnother() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer().withFixedDelay(200)));

        postWebhook(Webhooks.page(Webhooks.texts("U420", "m_flood_", 30).toArray(String[]::new)));
        postWebhook(Webhooks.page(Webhooks.text("U421", "m_quiet", "just one question")));

        // The quiet user is answered long before the flood is through.
        assertThat(awaitReplies("U421", 1)).containsExactly(EchoBot.replyTo("just one question"));
        assertThat(repliesTo("U420").size()).isLessThan(30);
        awaitReplies("U420", 30);
    }

    @Test
    void aStaleEventIsRecordedAndNotAnswered() {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer()));
        long dayAndAnHourAgo = clock.millis() - Duration.ofHours(25).toMillis();

        assertThat(postWebhook(Webhooks.page(
                Webhooks.text("U430", "m_stale", "are you open?", dayAndAnHourAgo))).statusCode())
                .isEqualTo(200);

        await().until(() -> "stale".equals(inboxStatus("m_stale")));
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT error, reply_text FROM inbox_event WHERE mid = 'm_stale'");
        assertThat(row.get("error")).asString().contains("older than");
        assertThat(row.get("reply_text")).isNull();
        assertThat(repliesTo("U430")).isEmpty();
        assertThat(calls(GEMINI_PATH)).isEmpty();
    }
}
