package io.github.chatbotlb.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import io.github.chatbotlb.bot.BotReply;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Counts user messages by outcome, as the earlier system's /status statistics did. */
@Component("statistics")
public class Statistics {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong successful = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final MeterRegistry registry;
    private final Instant started;

    public Statistics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.started = clock.instant();
    }

    public void record(BotReply reply) {
        total.incrementAndGet();
        boolean answered = reply.kind() == BotReply.Kind.ANSWER;
        (answered ? successful : failed).incrementAndGet();
        registry.counter("chatbot.messages", "outcome", reply.kind().name().toLowerCase(),
                "bot", reply.bot() == null ? "none" : reply.bot()).increment();
    }

    public long total() {
        return total.get();
    }

    public long successful() {
        return successful.get();
    }

    public long failed() {
        return failed.get();
    }

    public Instant started() {
        return started;
    }

    /** As the earlier system printed it: "99.50%", or "0.00%" before any request. */
    public String successRate() {
        long all = total.get();
        double rate = all == 0 ? 0 : 100.0 * successful.get() / all;
        return String.format(java.util.Locale.ROOT, "%.2f%%", rate);
    }
}
