package io.github.chatbotlb.inbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.chatbotlb.ChatbotLoadBalancerApplication;
import io.github.chatbotlb.messenger.WebhookSecurity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The service started and stopped by a test itself, on a data directory the test chooses, for
 * what a shared test context cannot show: a start on existing data, a stop and a restart.
 */
final class StandaloneGateway implements AutoCloseable {

    static final String APP_SECRET = "standalone-app-secret";
    static final String PAGE_TOKEN = "standalone-page-token";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final int port;

    private StandaloneGateway(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Starts the whole service; arguments, unlike default properties, beat application.yml. */
    static StandaloneGateway start(Path dataDirectory, String apiBaseUrl,
            Map<String, String> overrides) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "server.port", "0",
                "database.data-dir", dataDirectory.toString(),
                "messenger.app-secret", APP_SECRET,
                "messenger.verify-token", "standalone-verify-token",
                "messenger.page-access-token", PAGE_TOKEN,
                "messenger.graph-base-url", apiBaseUrl,
                "messenger.sender-actions", "false",
                "bots.gemini.base-url", apiBaseUrl,
                "bots.gemini.model", "gemini-test",
                "bots.gemini.api-key", "standalone-gemini-key"));
        settings.putAll(Map.of(
                "bots.openrouter.base-url", apiBaseUrl,
                "bots.huggingface.base-url", apiBaseUrl,
                "failover.health-check-interval", "3600000",
                "failover.recovery-check-interval", "3600000",
                // Other test contexts in this JVM already hold the MBean names.
                "spring.jmx.enabled", "false"));
        settings.putAll(overrides);
        List<String> arguments = new ArrayList<>();
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new StandaloneGateway(new SpringApplicationBuilder(
                ChatbotLoadBalancerApplication.class).run(arguments.toArray(String[]::new)));
    }

    HttpResponse<String> postWebhook(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = "sha256="
                + HexFormat.of().formatHex(WebhookSecurity.hmacSha256(APP_SECRET, bytes));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhook"))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** What SIGTERM does: Spring's shutdown hook closes the context the same way. */
    @Override
    public void close() {
        context.close();
    }
}
