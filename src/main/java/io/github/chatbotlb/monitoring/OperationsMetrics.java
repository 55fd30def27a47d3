package io.github.chatbotlb.monitoring;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.chatbotlb.bot.Bot;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Meters that are read rather than counted: the circuit breakers' states and the inbox backlog.
 * The backlog comes from PostgreSQL, so it is cached briefly: a scraper every second must not
 * become a query every second.
 */
@Component
public class OperationsMetrics {

    /** The circuit breaker ids in routes/failover.yaml. */
    public static final Map<Bot, String> BREAKERS = Map.of(
            Bot.GEMINI, "gemini-breaker",
            Bot.ROUTER_HUG, "router-hug-breaker");

    private static final Logger LOG = LoggerFactory.getLogger(OperationsMetrics.class);

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final Duration cacheFor;
    private volatile Backlog backlog;

    public OperationsMetrics(MeterRegistry registry, CamelContext camel, JdbcTemplate jdbc,
            MonitorProperties properties) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.cacheFor = properties.inboxGaugeCache();
        for (Bot bot : Bot.values()) {
            for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                String name = state.name().toLowerCase();
                Gauge.builder("chatbot.breaker.state", this,
                                metrics -> name.equals(metrics.breakerState(bot)) ? 1 : 0)
                        .description("1 for the circuit breaker's current state")
                        .tag("bot", bot.id())
                        .tag("state", name)
                        .register(registry);
            }
        }
        Gauge.builder("chatbot.inbox.backlog", this, metrics -> metrics.backlog().events())
                .description("User events stored and not yet answered")
                .register(registry);
        TimeGauge.builder("chatbot.inbox.oldest.age", this, TimeUnit.SECONDS,
                        metrics -> metrics.backlog().oldestAgeSeconds())
                .description("How long the oldest unanswered event has waited")
                .register(registry);
    }

    /** The breaker's state in lower case (closed, open, half_open, ...), or unknown. */
    public String breakerState(Bot bot) {
        ResilienceProcessor processor =
                camel.getProcessor(BREAKERS.get(bot), ResilienceProcessor.class);
        if (processor == null) {
            return "unknown";
        }
        CircuitBreaker breaker = processor.getCircuitBreaker();
        String state = breaker == null
                ? processor.getCircuitBreakerState() : breaker.getState().name();
        return state == null ? "unknown" : state.toLowerCase();
    }

    public Backlog backlog() {
        Backlog current = backlog;
        // Wall-clock time, not the failover clock: tests move that one about.
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < cacheFor.toNanos()) {
            return current;
        }
        Backlog fresh;
        try {
            fresh = jdbc.queryForObject("SELECT count(*),"
                    + " COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)"
                    + " FROM inbox_event WHERE status IN ('pending', 'answering', 'sending')",
                    (row, n) -> new Backlog(row.getLong(1), row.getDouble(2), now));
        } catch (RuntimeException e) {
            // The database being away is reported elsewhere; the gauges say "unknown".
            LOG.debug("Inbox backlog not read: {}", e.getClass().getSimpleName());
            fresh = new Backlog(Double.NaN, Double.NaN, now);
        }
        backlog = fresh;
        return fresh;
    }

    /** Open events and the age of the oldest, read at {@code readAt} (a nanoTime). */
    public record Backlog(double events, double oldestAgeSeconds, long readAt) {
    }
}
