package io.github.chatbotlb.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.chatbotlb.support.Stubs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events already in the inbox when the service starts, as a crash leaves them: nobody sends a
 * webhook, yet each is answered, once.
 */
class InboxBeforeStartTest {

    private final WireMockServer api = new WireMockServer(options().dynamicPort());
    private StandaloneGateway gateway;

    @BeforeEach
    void standIns() {
        api.start();
        api.stubFor(Stubs.gemini().willReturn(EchoBot.answer()));
        api.stubFor(post(urlPathEqualTo(Stubs.GRAPH_PATH)).willReturn(okJson("{}")));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        api.stop();
    }

    @Test
    void eventsLeftInTheInboxAreAnsweredOnceAfterStart() throws Exception {
        Path data = Files.createTempDirectory("inbox-before-start");
        long minuteAgo = System.currentTimeMillis() - 60_000;
        try (OfflineInbox inbox = new OfflineInbox(data)) {
            // Received and acknowledged, never looked at.
            insert(inbox, "m_a1", "UA", minuteAgo, "pending", 0, null);
            insert(inbox, "m_a2", "UA", minuteAgo + 1_000, "pending", 0, null);
            insert(inbox, "m_b1", "UB", minuteAgo, "pending", 0, null);
            // Interrupted while the bot was thinking.
            insert(inbox, "m_c1", "UC", minuteAgo, "answering", 1, null);
            // Interrupted after the reply was stored, before it was sent.
            insert(inbox, "m_d1", "UD", minuteAgo, "sending", 1, "the stored reply");
        }

        gateway = StandaloneGateway.start(data, api.baseUrl(), Map.of());

        await().atMost(Duration.ofSeconds(30)).until(() -> openEvents() == 0);
        assertThat(GraphJournal.repliesByUser(api)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "UA", List.of(EchoBot.replyTo("text of m_a1"), EchoBot.replyTo("text of m_a2")),
                "UB", List.of(EchoBot.replyTo("text of m_b1")),
                "UC", List.of(EchoBot.replyTo("text of m_c1")),
                "UD", List.of("the stored reply")));
        // The stored reply is resent as it was, without asking a bot again.
        assertThat(api.findAll(postRequestedFor(urlPathEqualTo(Stubs.GEMINI_PATH)))).hasSize(4);
        assertThat(gateway.jdbc().queryForList("SELECT DISTINCT status FROM inbox_event",
                String.class)).containsExactly("answered");
    }

    private static void insert(OfflineInbox inbox, String mid, String psid, long timestamp,
            String status, int attempts, String reply) {
        inbox.jdbc().update("INSERT INTO inbox_event (mid, page_id, psid, event_timestamp, kind,"
                + " user_text, status, attempts, reply_text) VALUES (?, 'PAGE1', ?, ?, 'message',"
                + " ?, ?, ?, ?)", mid, psid, timestamp, "text of " + mid, status, attempts, reply);
    }

    private int openEvents() {
        return gateway.jdbc().queryForObject("SELECT count(*) FROM inbox_event"
                + " WHERE status <> 'answered'", Integer.class);
    }
}
