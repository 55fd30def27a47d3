package io.github.chatbotlb.failover;

import java.time.Duration;

import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.bot.FailureKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** Failover meters for Prometheus and for the statistics block of /status. */
@Component
public class FailoverMetrics {

    private final MeterRegistry registry;

    public FailoverMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bind(FailoverService failover) {
        Gauge.builder("chatbot.maintenance", failover, f -> f.inMaintenance() ? 1 : 0)
                .description("1 while both bots are down and users get the maintenance text")
                .register(registry);
        for (Bot bot : Bot.values()) {
            Gauge.builder("chatbot.bot.active", failover,
                            f -> f.activeBot().equals(bot.id()) ? 1 : 0)
                    .description("1 for the bot asked first")
                    .tag("bot", bot.id())
                    .register(registry);
            Gauge.builder("chatbot.bot.healthy", failover,
                            f -> f.snapshot().health(bot).canAnswer() ? 1 : 0)
                    .description("1 while the bot is healthy or not yet checked")
                    .tag("bot", bot.id())
                    .register(registry);
        }
    }

    public Timer callTimer(Bot bot) {
        return Timer.builder("chatbot.bot.calls")
                .description("Successful bot calls and how long they took")
                .tag("bot", bot.id())
                .publishPercentiles(0.5, 0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry);
    }

    void callSucceeded(Bot bot, Duration took) {
        callTimer(bot).record(took);
    }

    void failure(Bot bot, FailureKind kind) {
        Counter.builder("chatbot.bot.failures")
                .description("Bot calls and probes that failed, by kind")
                .tag("bot", bot.id())
                .tag("kind", kind.metricTag())
                .register(registry)
                .increment();
    }

    public double failures(Bot bot) {
        return registry.find("chatbot.bot.failures").tag("bot", bot.id()).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    void switched(Bot from, Bot to) {
        Counter.builder("chatbot.switches")
                .description("Switches of the active bot")
                .tag("from", from.id())
                .tag("to", to.id())
                .register(registry)
                .increment();
    }

    void recoveryAttempt(boolean succeeded) {
        Counter.builder("chatbot.recovery.attempts")
                .tag("result", succeeded ? "switched_back" : "stayed")
                .register(registry)
                .increment();
    }
}
