package io.github.chatbotlb.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.chatbotlb.store.EmbeddedDatabase;
import io.github.chatbotlb.support.GatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/** Its database is stopped and started again, so its context is not shared with others. */
@DirtiesContext
class DatabaseOutageTest extends GatewayTestSupport {

    @Autowired
    private EmbeddedDatabase database;

    @AfterEach
    void databaseBack() throws Exception {
        database.start();
    }

    @Test
    void whileTheDatabaseIsDownWebhooksGet503QuicklyAndNothingAcknowledgedIsLost()
            throws Exception {
        API.stubFor(Stubs.gemini().willReturn(EchoBot.answer().withFixedDelay(1_500)));
        String before = Webhooks.page(Webhooks.text("U800", "m_before", "before the outage"));
        String during = Webhooks.page(Webhooks.text("U801", "m_during", "during the outage"));

        assertThat(postWebhook(before).statusCode()).isEqualTo(200);
        await().until(() -> "answering".equals(inboxStatus("m_before")));
        database.stop();

        // The first call may wait out the connection timeout (2 s); later ones do not wait.
        HttpResponse<String> first = timed(during, Duration.ofSeconds(4));
        assertThat(first.statusCode()).isEqualTo(503);
        HttpResponse<String> second = timed(during, Duration.ofMillis(500));
        assertThat(second.statusCode()).isEqualTo(503);

        database.start();

        // Meta redelivers what got 503; once the database is back it is taken.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                .until(() -> postWebhook(during).statusCode() == 200);
        // The event acknowledged before the outage is resumed without anyone's help.
        assertThat(awaitReplies("U800", 1)).containsExactly(EchoBot.replyTo("before the outage"));
        assertThat(awaitReplies("U801", 1)).containsExactly(EchoBot.replyTo("during the outage"));
        await().until(() -> "answered".equals(inboxStatus("m_before"))
                && "answered".equals(inboxStatus("m_during")));
        assertThat(inboxRows()).isEqualTo(2);
    }

    private HttpResponse<String> timed(String body, Duration limit) {
        long start = System.nanoTime();
        HttpResponse<String> response = postWebhook(body);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(limit);
        return response;
    }
}
