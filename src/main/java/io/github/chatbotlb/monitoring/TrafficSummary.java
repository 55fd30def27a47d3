package io.github.chatbotlb.monitoring;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.chatbotlb.admin.Statistics;
import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.failover.FailoverMetrics;
import io.github.chatbotlb.failover.FailoverService;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.springframework.stereotype.Component;

/**
 * The line the summary route logs every few minutes: what happened since the previous one, so
 * an operator reading the log sees the traffic and each bot's speed without opening Grafana.
 */
@Component("trafficSummary")
public class TrafficSummary {

    private final Statistics statistics;
    private final FailoverMetrics metrics;
    private final FailoverService failover;
    private final OperationsMetrics operations;

    private long lastTotal;
    private long lastSuccessful;
    private final Map<Bot, Long> lastCalls = new EnumMap<>(Bot.class);
    private final Map<Bot, Double> lastFailures = new EnumMap<>(Bot.class);

    public TrafficSummary(Statistics statistics, FailoverMetrics metrics,
            FailoverService failover, OperationsMetrics operations) {
        this.statistics = statistics;
        this.metrics = metrics;
        this.failover = failover;
        this.operations = operations;
    }

    public synchronized String line() {
        long total = statistics.total();
        long successful = statistics.successful();
        long requests = total - lastTotal;
        long answered = successful - lastSuccessful;
        lastTotal = total;
        lastSuccessful = successful;

        StringBuilder line = new StringBuilder("SUMMARY ")
                .append(requests).append(" requests, ")
                .append(requests == 0 ? "-" : percent(100.0 * answered / requests))
                .append(" answered by a bot");
        for (Bot bot : Bot.values()) {
            Timer timer = metrics.callTimer(bot);
            long calls = timer.count() - lastCalls.getOrDefault(bot, 0L);
            double failures = metrics.failures(bot) - lastFailures.getOrDefault(bot, 0.0);
            lastCalls.put(bot, timer.count());
            lastFailures.put(bot, metrics.failures(bot));
            line.append("; ").append(bot.id()).append(' ').append(calls).append(" ok, ")
                    .append(Math.round(failures)).append(" failed, p95 ").append(p95(timer))
                    .append(", breaker ").append(operations.breakerState(bot));
        }
        OperationsMetrics.Backlog backlog = operations.backlog();
        line.append("; active ").append(failover.activeBot())
                .append(failover.inMaintenance() ? ", MAINTENANCE" : "")
                .append("; inbox backlog ").append(count(backlog.events()));
        return line.toString();
    }

    /** The 95th percentile of recent successful calls (Micrometer's decaying window). */
    private static String p95(Timer timer) {
        for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
            if (value.percentile() == 0.95 && timer.count() > 0) {
                return Math.round(value.value(TimeUnit.MILLISECONDS)) + " ms";
            }
        }
        return "-";
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", value);
    }

    private static String count(double value) {
        return Double.isNaN(value) ? "unknown" : Long.toString(Math.round(value));
    }
}
