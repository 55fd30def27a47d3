package io.github.chatbotlb.inbox;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stop with conversations in flight (what SIGTERM does), then a start on the same data: what
 * was in flight is finished before the stop, the rest waits in the inbox, and after the start
 * every message has been answered exactly once, each user's in order.
 */
class InboxRestartTest {

    private static final int USERS = 6;
    private static final int MESSAGES_PER_USER = 4;

    private final WireMockServer api = new WireMockServer(options().dynamicPort());
    private StandaloneGateway gateway;

    @BeforeEach
    void standIns() {
        api.start();
        // Slow enough that a stop finds work in flight and more waiting behind it.
        api.stubFor(Stubs.gemini().willReturn(EchoBot.answer().withFixedDelay(400)));
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
    void aStopFinishesWhatIsInFlightKeepsTheRestAndTheNextStartAnswersEachMessageOnce()
            throws Exception {
        Path data = Files.createTempDirectory("inbox-restart");
        Map<String, String> twoWorkers = Map.of("inbox.concurrency", "2");
        gateway = StandaloneGateway.start(data, api.baseUrl(), twoWorkers);
        Map<String, List<String>> expected = new TreeMap<>();
        long first = System.currentTimeMillis() - 60_000;
        for (int user = 0; user < USERS; user++) {
            String psid = "UR" + user;
            List<String> items = new ArrayList<>();
            for (int i = 0; i < MESSAGES_PER_USER; i++) {
                String text = psid + " message " + i;
                items.add(Webhooks.text(psid, "m_" + psid + "_" + i, text, first + i));
                expected.computeIfAbsent(psid, key -> new ArrayList<>())
                        .add(EchoBot.replyTo(text));
            }
            assertThat(gateway.postWebhook(Webhooks.page(items.toArray(String[]::new)))
                    .statusCode()).isEqualTo(200);
        }
        await().until(() -> replyCount() >= 2);

        long stopping = System.nanoTime();
        gateway.close();
        gateway = null;
        Duration stopTook = Duration.ofNanos(System.nanoTime() - stopping);

        int repliedBeforeStop = replyCount();
        try (OfflineInbox inbox = new OfflineInbox(data)) {
            Map<String, Integer> byStatus = new TreeMap<>();
            inbox.jdbc().query("SELECT status, count(*) AS n FROM inbox_event GROUP BY status",
                    row -> {
                        byStatus.put(row.getString("status"), row.getInt("n"));
                    });
            // Nothing was cut off mid-answer, and the queue was not worked off during the stop.
            assertThat(byStatus.keySet()).containsExactlyInAnyOrder("answered", "pending");
            assertThat(byStatus.get("answered")).isEqualTo(repliedBeforeStop);
            assertThat(byStatus.get("pending")).isPositive();
        }
        assertThat(stopTook).isLessThan(Duration.ofSeconds(12));

        gateway = StandaloneGateway.start(data, api.baseUrl(), twoWorkers);

        // The reply reaches Graph a moment before its event is recorded answered.
        await().atMost(Duration.ofSeconds(60)).until(() -> gateway.jdbc().queryForObject(
                "SELECT count(*) FROM inbox_event WHERE status = 'answered'", Integer.class)
                == USERS * MESSAGES_PER_USER);
        assertThat(GraphJournal.repliesByUser(api)).isEqualTo(expected);
    }

    private int replyCount() {
        return GraphJournal.repliesByUser(api).values().stream().mapToInt(List::size).sum();
    }
}
