package io.github.chatbotlb.support;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.chatbotlb.failover.FailoverService;
import io.github.chatbotlb.messenger.WebhookSecurity;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole service on a real embedded PostgreSQL, with one WireMock server standing in for
 * Gemini, OpenRouter, Hugging Face and the Graph API. Each test starts from an empty inbox,
 * healthy-unknown bots and closed circuit breakers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GatewayTestSupport.TestClock.class)
@TestPropertySource(properties = "admin.admin-key=" + GatewayTestSupport.ADMIN_KEY)
public abstract class GatewayTestSupport {

    public static final String APP_SECRET = "test-app-secret";
    public static final String VERIFY_TOKEN = "test-verify-token";
    public static final String PAGE_TOKEN = "test-page-token-SECRET";
    public static final String GEMINI_KEY = "test-gemini-key-SECRET";
    public static final String OPENROUTER_KEY = "test-openrouter-key-SECRET";
    public static final String HUGGINGFACE_KEY = "test-huggingface-key-SECRET";
    public static final String ADMIN_KEY = "test-admin-key-SECRET";

    protected static final WireMockServer API = new WireMockServer(options().dynamicPort());
    protected static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        API.start();
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected FailoverService failover;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected ProducerTemplate template;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("gateway-test-db");
        registry.add("database.data-dir", data::toString);
        registry.add("messenger.app-secret", () -> APP_SECRET);
        registry.add("messenger.verify-token", () -> VERIFY_TOKEN);
        registry.add("messenger.page-access-token", () -> PAGE_TOKEN);
        registry.add("messenger.graph-base-url", API::baseUrl);
        registry.add("bots.gemini.base-url", API::baseUrl);
        registry.add("bots.gemini.model", () -> "gemini-test");
        registry.add("bots.gemini.api-key", () -> GEMINI_KEY);
        registry.add("bots.openrouter.base-url", API::baseUrl);
        registry.add("bots.openrouter.api-key", () -> OPENROUTER_KEY);
        registry.add("bots.openrouter.site-url", () -> "https://page.example");
        registry.add("bots.openrouter.site-name", () -> "Test Page");
        registry.add("bots.huggingface.base-url", API::baseUrl);
        registry.add("bots.huggingface.api-key", () -> HUGGINGFACE_KEY);
        // Tests drive probes, recovery and sweeps themselves through the direct: routes.
        registry.add("failover.health-check-interval", () -> "3600000");
        registry.add("failover.recovery-check-interval", () -> "3600000");
        registry.add("inbox.sweep-interval", () -> "3600000");
        registry.add("send.first-retry-delay-ms", () -> "10");
        registry.add("send.max-retry-delay-ms", () -> "50");
        registry.add("messenger.sender-actions", () -> "false");
    }

    @BeforeEach
    void startClean() {
        API.resetAll();
        API.stubFor(Stubs.graph().willReturn(Stubs.graphSent()));
        jdbc.execute("TRUNCATE inbox_event, conversations, switch_history, bot_health,"
                + " failover_state");
        clock.reset();
        failover.reload();
        for (String breaker : List.of("gemini-breaker", "router-hug-breaker")) {
            camel.getProcessor(breaker, ResilienceProcessor.class).transitionToCloseState();
        }
    }

    protected HttpResponse<String> postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return postWebhook(bytes, signature(bytes));
    }

    protected HttpResponse<String> postWebhook(byte[] body, String signatureHeader) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url("/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signatureHeader != null) {
            request.header("X-Hub-Signature-256", signatureHeader);
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(url(path)).GET().build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected static String signature(byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(WebhookSecurity.hmacSha256(APP_SECRET, body));
    }

    /** Text messages the Graph stand-in received for a user, in arrival order. */
    protected List<String> repliesTo(String psid) {
        return graphCalls().stream()
                .map(GatewayTestSupport::json)
                .filter(body -> body.path("recipient").path("id").asText().equals(psid))
                .filter(body -> body.path("message").has("text"))
                .map(body -> body.path("message").path("text").asText())
                .toList();
    }

    protected List<String> awaitReplies(String psid, int count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> repliesTo(psid).size() >= count);
        return repliesTo(psid);
    }

    protected List<LoggedRequest> graphCalls() {
        return API.findAll(postRequestedFor(urlPathMatching("/v23\\.0/me/messages")));
    }

    protected List<LoggedRequest> calls(String path) {
        return API.findAll(postRequestedFor(urlPathMatching(path.replace(".", "\\."))));
    }

    protected int inboxRows() {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_event", Integer.class);
    }

    protected String inboxStatus(String mid) {
        return jdbc.queryForObject("SELECT status FROM inbox_event WHERE mid = ?",
                String.class, mid);
    }

    protected JsonNode status() {
        return json(get("/status").body());
    }

    protected static JsonNode json(LoggedRequest request) {
        return json(request.getBodyAsString());
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }
}
