package io.github.chatbotlb.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.chatbotlb.support.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The earlier system let anyone switch bots when no ADMIN_KEY was set; this one refuses. */
@TestPropertySource(properties = "admin.admin-key=")
class AdminWithoutKeyTest extends GatewayTestSupport {

    @Test
    void withoutAnAdminKeyEveryForceSwitchIsRefused() {
        for (String key : new String[] {"", "anything", ADMIN_KEY}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(url("/force-switch"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"system\":\"router_hug\",\"adminKey\":\"" + key + "\"}"))
                    .build());

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("ADMIN_KEY is not set");
        }
        assertThat(failover.activeBot()).isEqualTo("gemini");
    }
}
