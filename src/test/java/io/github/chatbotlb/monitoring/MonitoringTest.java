package io.github.chatbotlb.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.FileAppender;
import io.github.chatbotlb.support.OperatedGatewayTestSupport;
import io.github.chatbotlb.support.Stubs;
import io.github.chatbotlb.support.Webhooks;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

class MonitoringTest extends OperatedGatewayTestSupport {

    private static final String FAILOVER_MBEAN = "io.github.chatbotlb:type=Failover,name=failover";

    @Autowired
    TrafficSummary summary;

    @Test
    void hawtioJolokiaAndMetricsRefuseAnonymousRequests() {
        for (String path : List.of("/actuator/hawtio/", "/actuator/jolokia/version",
                "/actuator/jolokia/read/" + FAILOVER_MBEAN, "/actuator/prometheus",
                "/actuator/metrics", "/actuator/info", "/actuator/env")) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> exec = send(HttpRequest.newBuilder(url("/actuator/jolokia"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"exec\",\"mbean\":\""
                        + FAILOVER_MBEAN + "\",\"operation\":\"leaveMaintenance\"}"))
                .build());
        assertThat(exec.statusCode()).isIn(401, 403);
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/actuator/prometheus"))
                .header("Authorization", basic(MONITOR_USER, "guess")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aBrowserIsSentToTheLoginPage() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/actuator/hawtio/"))
                .header("Accept", "text/html").GET().build());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/login"));
    }

    @Test
    void theMonitorLoginOpensHawtioAndJolokia() {
        assertThat(monitorGet("/actuator/hawtio/").statusCode()).isEqualTo(200);

        HttpResponse<String> read = monitorGet("/actuator/jolokia/read/" + FAILOVER_MBEAN);

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read.body()).at("/value/ActiveBot").asText()).isEqualTo("gemini");
        assertThat(json(read.body()).at("/value/GeminiStatus").asText()).isEqualTo("unknown");
        assertThat(json(read.body()).at("/value/Maintenance").asBoolean()).isFalse();
    }

    @Test
    void theFailoverMBeanSwitchesLikeTheAdminRoute() {
        HttpResponse<String> exec = monitorGet("/actuator/jolokia/exec/" + FAILOVER_MBEAN
                + "/forceSwitch/router_hug/false/true");

        assertThat(json(exec.body()).path("status").asInt()).isEqualTo(200);
        assertThat(failover.activeBot()).isEqualTo("router_hug");
        assertThat(failover.snapshot().hold()).isTrue();
        assertThat(status().at("/loadBalancer/currentSystem").asText()).isEqualTo("router_hug");
    }

    @Test
    void webhookHealthAndStatusStayOpen() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/status").statusCode()).isEqualTo(200);
        assertThat(get("/webhook?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN
                + "&hub.challenge=42").body()).isEqualTo("42");
    }

    @Test
    void metricsShowTheCountersMovingAfterAFailover() {
        String before = monitorGet("/actuator/prometheus").body();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiOverloaded()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup here")));

        for (int i = 0; i < 3; i++) {
            postWebhook(Webhooks.page(Webhooks.text("U500", "m_fail" + i, "question " + i)));
            awaitReplies("U500", i + 1);
        }

        HttpResponse<String> scrape = monitorGet("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        String after = scrape.body();
        assertThat(grew(before, after,
                "chatbot_bot_failures_total{bot=\"gemini\",kind=\"server_error\"}")).isEqualTo(3);
        assertThat(grew(before, after,
                "chatbot_switches_total{from=\"gemini\",to=\"router_hug\"}")).isEqualTo(1);
        assertThat(grew(before, after, "chatbot_bot_calls_seconds_count{bot=\"router_hug\"}"))
                .isEqualTo(3);
        assertThat(grew(before, after, "chatbot_send_calls_total{outcome=\"delivered\"}"))
                .isGreaterThanOrEqualTo(3);
        assertThat(value(after, "chatbot_bot_active{bot=\"router_hug\"}")).isEqualTo(1);
        assertThat(value(after, "chatbot_maintenance")).isZero();
        assertThat(value(after, "chatbot_breaker_state{bot=\"gemini\",state=\"closed\"}"))
                .isEqualTo(1);
        assertThat(after).contains("chatbot_bot_calls_seconds_bucket{bot=\"router_hug\",le=");
        await().until(() -> value(monitorGet("/actuator/prometheus").body(),
                "chatbot_inbox_backlog") == 0);
        assertThat(after).contains("chatbot_inbox_oldest_age_seconds");
    }

    @Test
    void inboxGaugesCountTheEventsWaiting() {
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("late").withFixedDelay(1200)));

        postWebhook(Webhooks.page(Webhooks.texts("U501", "m_wait", 3).toArray(String[]::new)));

        await().atMost(Duration.ofSeconds(5)).until(() -> value(
                monitorGet("/actuator/prometheus").body(), "chatbot_inbox_backlog") >= 2);
        awaitReplies("U501", 3);
        await().until(() -> value(monitorGet("/actuator/prometheus").body(),
                "chatbot_inbox_backlog") == 0);
    }

    @Test
    void theSummaryLineGivesRequestsSuccessRateAndP95PerBot() {
        summary.line();
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiAnswer("fine")));
        postWebhook(Webhooks.page(Webhooks.text("U502", "m_sum1", "one"),
                Webhooks.text("U503", "m_sum2", "two")));
        awaitReplies("U502", 1);
        awaitReplies("U503", 1);

        String line = summary.line();

        assertThat(line).startsWith("SUMMARY 2 requests, 100.0% answered by a bot");
        assertThat(line).containsPattern("gemini 2 ok, 0 failed, p95 \\d+ ms");
        assertThat(line).contains("router_hug 0 ok").contains("active gemini");
    }

    @Test
    void logFilesCarryNoTokenOrKeyAfterFailingSendCalls() throws IOException {
        Path file = Path.of(logFile());
        // The file is appended to across runs: only this run's lines count.
        long start = Files.size(file);
        API.stubFor(Stubs.gemini().willReturn(Stubs.geminiQuotaExhausted()));
        API.stubFor(Stubs.openRouter().willReturn(Stubs.chatAnswer("backup")));
        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(401, 190, 460,
                "Error validating access token: " + PAGE_TOKEN + " has expired")));
        postWebhook(Webhooks.page(Webhooks.text("U504", "m_token", "hello")));
        await().until(() -> graphCalls().size() >= 1);

        API.stubFor(Stubs.graph().willReturn(Stubs.graphError(500, 2, null,
                "An unexpected error has occurred. Please retry your request later.")));
        postWebhook(Webhooks.page(Webhooks.text("U505", "m_retry", "hello again")));
        // The first try and the retries (send.max-retries, 5 by default) all fail.
        await().until(() -> graphCalls().size() >= 4);
        send(HttpRequest.newBuilder(url("/force-switch"))
                .header("X-Admin-Key", ADMIN_KEY + "x")
                .POST(HttpRequest.BodyPublishers.ofString("{\"system\":\"router_hug\"}"))
                .build());
        // Give the lanes a moment to log what they do about the failures.
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

        byte[] all = Files.readAllBytes(file);
        String logged = new String(all, (int) start, all.length - (int) start,
                StandardCharsets.UTF_8);
        assertThat(logged).contains("mid=m_token").contains("mid=m_retry");
        for (String secret : List.of(APP_SECRET, PAGE_TOKEN, GEMINI_KEY, OPENROUTER_KEY,
                HUGGINGFACE_KEY, ADMIN_KEY, VERIFY_TOKEN, MONITOR_PASSWORD)) {
            assertThat(logged).as("log file %s", file).doesNotContain(secret);
        }
    }

    @Test
    void aRequestTomcatCannotParseDoesNotPutTheVerifyTokenInTheLog() throws IOException {
        Path file = Path.of(logFile());
        long start = Files.size(file);
        // Meta never sends this; anyone may. Tomcat refuses the raw '<' before Spring sees it.
        String target = "/webhook?hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN
                + "&hub.challenge=<b>";
        String status;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            status = new String(socket.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }

        assertThat(status).contains(" 400");
        byte[] all = Files.readAllBytes(file);
        assertThat(new String(all, (int) start, all.length - (int) start, StandardCharsets.UTF_8))
                .doesNotContain(VERIFY_TOKEN);
    }

    /** The file the FILE appender writes to now: logging is global to the JVM. */
    private static String logFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        FileAppender<?> appender = (FileAppender<?>) root.getAppender("FILE");
        assertThat(appender).as("the FILE appender of logback-spring.xml").isNotNull();
        return appender.getFile();
    }

    private HttpResponse<String> monitorGet(String path) {
        return send(HttpRequest.newBuilder(url(path))
                .header("Authorization", basic(MONITOR_USER, MONITOR_PASSWORD)).GET().build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static double grew(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** A series' value in Prometheus text format, 0 when it is not there yet. */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
                .matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
