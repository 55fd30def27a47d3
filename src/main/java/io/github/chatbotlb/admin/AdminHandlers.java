package io.github.chatbotlb.admin;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.failover.BotHealth;
import io.github.chatbotlb.failover.FailoverMetrics;
import io.github.chatbotlb.failover.FailoverService;
import io.github.chatbotlb.failover.FailoverSnapshot;
import io.github.chatbotlb.failover.FailoverStore;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The admin routes' work: /status, /health and /force-switch. */
@Component("admin")
public class AdminHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandlers.class);

    private final FailoverService failover;
    private final FailoverStore store;
    private final FailoverMetrics metrics;
    private final Statistics statistics;
    private final AdminKeyGuard guard;
    private final ObjectMapper mapper;
    private final CamelContext camel;
    private final Clock clock;

    public AdminHandlers(FailoverService failover, FailoverStore store, FailoverMetrics metrics,
            Statistics statistics, AdminKeyGuard guard, ObjectMapper mapper, CamelContext camel,
            Clock clock) {
        this.failover = failover;
        this.store = store;
        this.metrics = metrics;
        this.statistics = statistics;
        this.guard = guard;
        this.mapper = mapper;
        this.camel = camel;
        this.clock = clock;
    }

    /** The earlier system's /status shape, field for field, plus extras after it. */
    public void status(Exchange exchange) throws IOException {
        FailoverSnapshot state = failover.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();

        Map<String, Object> loadBalancer = new LinkedHashMap<>();
        loadBalancer.put("currentSystem", state.active().id());
        loadBalancer.put("maintenanceMode", state.maintenance());
        loadBalancer.put("lastSwitchTime", iso(state.lastSwitchTime()));
        loadBalancer.put("nextRecoveryTime", iso(state.nextRecoveryTime()));
        loadBalancer.put("hold", state.hold());
        body.put("loadBalancer", loadBalancer);

        Map<String, Object> systems = new LinkedHashMap<>();
        for (Bot bot : Bot.values()) {
            BotHealth health = state.health(bot);
            Map<String, Object> system = new LinkedHashMap<>();
            system.put("status", health.status().id());
            system.put("lastCheck", iso(health.lastCheck()));
            system.put("consecutiveFailures", health.consecutiveFailures());
            system.put("isRecovering", health.recovering());
            system.put("lastError", health.lastError());
            Timer timer = metrics.callTimer(bot);
            system.put("successfulCalls", timer.count());
            system.put("failedCalls", (long) metrics.failures(bot));
            system.put("responseTimeMs", percentiles(timer));
            system.put("circuitBreaker", breakerState(bot));
            systems.put(bot.id(), system);
        }
        body.put("systems", systems);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("totalRequests", statistics.total());
        stats.put("successfulRequests", statistics.successful());
        stats.put("failedRequests", statistics.failed());
        stats.put("successRate", statistics.successRate());
        body.put("statistics", stats);

        body.put("uptimeSeconds", Duration.between(statistics.started(), clock.instant())
                .toSeconds());
        body.put("recentSwitches", store.recentHistory(20));
        json(exchange, 200, body);
    }

    /** 200 while a bot can answer, 503 in maintenance. */
    public void health(Exchange exchange) throws IOException {
        FailoverSnapshot state = failover.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state.maintenance() ? "MAINTENANCE" : "UP");
        body.put("currentSystem", state.active().id());
        body.put("maintenanceMode", state.maintenance());
        json(exchange, state.maintenance() ? 503 : 200, body);
    }

    public void forceSwitch(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        JsonNode request = readBody(message.getBody(byte[].class));
        String key = message.getHeader("X-Admin-Key", String.class);
        if (key == null) {
            key = request.path("adminKey").asText(null);
        }
        try {
            guard.check(key, remoteAddress(message));
        } catch (AdminRefused refused) {
            json(exchange, refused.status(), Map.of("success", false,
                    "error", refused.getMessage()));
            return;
        }
        Bot target;
        try {
            target = Bot.fromId(request.path("system").asText(""));
        } catch (IllegalArgumentException e) {
            json(exchange, 400, Map.of("success", false, "error", e.getMessage()));
            return;
        }
        try {
            FailoverSnapshot state = failover.forceSwitch(target,
                    request.path("force").asBoolean(false), request.path("hold").asBoolean(false));
            LOG.info("Force switch to {} accepted from {}", target, remoteAddress(message));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("message", "Switched to " + target.id());
            body.put("currentSystem", state.active().id());
            body.put("hold", state.hold());
            body.put("nextRecoveryTime", iso(state.nextRecoveryTime()));
            json(exchange, 200, body);
        } catch (IllegalStateException refused) {
            json(exchange, 409, Map.of("success", false, "error", refused.getMessage()));
        }
    }

    private JsonNode readBody(byte[] body) {
        try {
            JsonNode node = body == null || body.length == 0 ? null : mapper.readTree(body);
            return node == null ? mapper.createObjectNode() : node;
        } catch (IOException e) {
            return mapper.createObjectNode();
        }
    }

    private String breakerState(Bot bot) {
        String id = bot == Bot.GEMINI ? "gemini-breaker" : "router-hug-breaker";
        ResilienceProcessor processor = camel.getProcessor(id, ResilienceProcessor.class);
        if (processor == null) {
            return "unknown";
        }
        CircuitBreaker breaker = processor.getCircuitBreaker();
        return breaker == null ? processor.getCircuitBreakerState() : breaker.getState().name();
    }

    private static Map<String, Object> percentiles(Timer timer) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            String name = "p" + Math.round(value.percentile() * 100);
            result.put(name, Math.round(value.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
        }
        return result;
    }

    private static String remoteAddress(Message message) {
        if (message instanceof PlatformHttpMessage http) {
            HttpServletRequest request = http.getRequest();
            if (request != null) {
                return request.getRemoteAddr();
            }
        }
        return "unknown";
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private void json(Exchange exchange, int status, Object body) throws IOException {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsString(body));
    }
}
