package io.github.chatbotlb.failover;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.chatbotlb.bot.Bot;
import io.github.chatbotlb.bot.BotFailure;
import io.github.chatbotlb.bot.BotReply;
import io.github.chatbotlb.bot.ContentBlocked;
import io.github.chatbotlb.bot.FailureKind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.annotation.PostConstruct;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * The failover rules. Every call and probe result comes here; the state it keeps decides which
 * bot answers first, when to switch, when maintenance starts and ends, and when to try the
 * primary again. All changes are written to PostgreSQL and logged as one line each.
 */
@Service("failover")
public class FailoverService {

    /** Exchange property with the failure of the bot tried first, read when both fail. */
    public static final String FIRST_FAILURE = "firstBotFailure";

    /** Exchange property with the {@link System#nanoTime()} at which a bot call began. */
    public static final String CALL_STARTED = "botCallStarted";

    /** The same, taken as the failover route enters the circuit breaker (failover.yaml). */
    public static final String BREAKER_ENTERED = "breakerEntered";

    private static final Logger LOG = LoggerFactory.getLogger(FailoverService.class);

    private final FailoverProperties properties;
    private final FailoverStore store;
    private final Clock clock;
    private final FailoverMetrics metrics;
    private final Duration breakerTimeout;

    private Bot active;
    private boolean maintenance;
    private Instant lastSwitchTime;
    private Instant nextRecoveryTime;
    private boolean hold;
    private final Map<Bot, BotHealth> health = new EnumMap<>(Bot.class);

    public FailoverService(FailoverProperties properties, FailoverStore store, Clock clock,
            FailoverMetrics metrics, @Value("${breaker.timeout-duration}") long breakerTimeoutMs) {
        this.properties = properties;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
        this.breakerTimeout = Duration.ofMillis(breakerTimeoutMs);
    }

    @PostConstruct
    void start() {
        reload();
        metrics.bind(this);
    }

    /** Reads the state from the database again, e.g. after an operator edited it there. */
    public synchronized void reload() {
        FailoverSnapshot saved = store.load(properties.primary());
        active = saved.active();
        maintenance = saved.maintenance();
        lastSwitchTime = saved.lastSwitchTime();
        nextRecoveryTime = saved.nextRecoveryTime();
        hold = saved.hold();
        health.clear();
        health.putAll(saved.health());
        LOG.info("Failover state: active={} maintenance={} primary={} backup={}",
                active, maintenance, properties.primary(), properties.backup());
    }

    public synchronized FailoverSnapshot snapshot() {
        return new FailoverSnapshot(active, maintenance, lastSwitchTime, nextRecoveryTime, hold,
                new EnumMap<>(health));
    }

    /** The id of the bot to ask first, as the failover route's choice reads it. */
    public synchronized String activeBot() {
        return active.id();
    }

    public synchronized boolean inMaintenance() {
        return maintenance;
    }

    /** The value for {@link #CALL_STARTED}, set as a bot route begins: it times the call. */
    public long callStarted() {
        return System.nanoTime();
    }

    public void callSucceeded(String bot, Exchange exchange) {
        Long started = exchange.getProperty(CALL_STARTED, Long.class);
        if (started != null) {
            metrics.callSucceeded(Bot.fromId(bot), Duration.ofNanos(System.nanoTime() - started));
        }
        succeeded(Bot.fromId(bot), "call");
    }

    /**
     * Counts a failed live call against the bot and rethrows it as a {@link BotFailure}, so the
     * circuit breaker or the caller sees a typed failure.
     */
    public void callFailed(String bot, Exchange exchange) {
        BotFailure failure = toFailure(bot, exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                Exception.class));
        failed(Bot.fromId(bot), failure, "call");
        throw failure;
    }

    public void probeSucceeded(String bot) {
        succeeded(Bot.fromId(bot), "probe");
    }

    public void probeFailed(String bot, Exchange exchange) {
        BotFailure failure = toFailure(bot, exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                Exception.class));
        failed(Bot.fromId(bot), failure, "probe");
    }

    /** Remembers why the first bot failed before the fallback overwrites the caught exception. */
    public void fallbackStarted(String firstBot, Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        // Camel's breaker hands onFallback no exception when its own timeout fired or when it
        // refused the call while open: only the time spent tells the two apart.
        boolean breakerTimedOut = cause instanceof TimeoutException
                || (cause == null && waitedOutTheBreaker(exchange));
        BotFailure failure;
        if (cause != null) {
            failure = toFailure(firstBot, cause);
        } else if (breakerTimedOut) {
            failure = new BotFailure(firstBot, FailureKind.TIMEOUT, "no answer in time");
        } else {
            failure = new BotFailure(firstBot, FailureKind.SERVER_ERROR, "circuit breaker open");
        }
        if (breakerTimedOut) {
            // The breaker gave up waiting; the call itself may still be running.
            failed(Bot.fromId(firstBot), failure, "call");
        }
        exchange.setProperty(FIRST_FAILURE, failure);
        LOG.info("Fallback for mid={}: {} did not answer ({}), asking {}",
                exchange.getProperty("mid"), firstBot, failure.getMessage(),
                Bot.fromId(firstBot).other());
    }

    private boolean waitedOutTheBreaker(Exchange exchange) {
        Long entered = exchange.getProperty(BREAKER_ENTERED, Long.class);
        return entered != null && System.nanoTime() - entered >= breakerTimeout.toNanos();
    }

    /** True when the caught exception is, or wraps, a bot refusing the content. */
    public boolean contentBlocked(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (; cause != null; cause = cause.getCause()) {
            if (cause instanceof ContentBlocked) {
                return true;
            }
        }
        return false;
    }

    /** Neither bot answered: a content block gets a polite refusal, anything else maintenance. */
    public BotReply neitherAnswered(Exchange exchange) {
        BotFailure first = exchange.getProperty(FIRST_FAILURE, BotFailure.class);
        BotFailure second = toFailure("backup",
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        boolean blocked = second.kind() == FailureKind.BLOCKED
                || (first != null && first.kind() == FailureKind.BLOCKED);
        LOG.warn("No bot answered mid={}: first {}, then {}", exchange.getProperty("mid"),
                first == null ? "?" : first.getMessage(), second.getMessage());
        return blocked
                ? new BotReply(properties.cannotAnswerText(), BotReply.Kind.CANNOT_ANSWER, null)
                : new BotReply(properties.maintenanceText(), BotReply.Kind.MAINTENANCE, null);
    }

    /** Due when the active bot is the backup and the recovery time has passed. */
    public synchronized boolean recoveryDue() {
        return active != properties.primary() && !hold && nextRecoveryTime != null
                && !clock.instant().isBefore(nextRecoveryTime);
    }

    public String primaryBot() {
        return properties.primary().id();
    }

    /** The outcome of a recovery attempt, made with a real request to the primary. */
    public synchronized void recoveryAttempted(boolean primaryAnswered) {
        Bot primary = properties.primary();
        String detail = health.get(primary).lastError();
        Instant now = clock.instant();
        if (primaryAnswered) {
            LOG.info("RECOVERY attempt: {} answered, switching back", primary);
            store.appendHistory(now, "recovery_attempt", active, primary, "primary answered");
            health.put(primary, health.get(primary).succeeded(now));
            switchTo(primary, "recovery: " + primary + " healthy again", false);
        } else {
            nextRecoveryTime = now.plus(properties.recoveryRetryInterval());
            LOG.warn("RECOVERY attempt: {} still failing ({}); staying on {}, next try at {}",
                    primary, detail, active, nextRecoveryTime);
            store.appendHistory(now, "recovery_attempt", active, active,
                    "primary still failing: " + detail);
            store.save(snapshot());
        }
        metrics.recoveryAttempt(primaryAnswered);
    }

    /**
     * An operator's switch. Refused towards an unhealthy bot unless forced; {@code hold} keeps
     * the choice until the next forced switch.
     */
    public synchronized FailoverSnapshot forceSwitch(Bot target, boolean force, boolean holdIt) {
        if (!health.get(target).canAnswer() && !force) {
            throw new IllegalStateException(target + " is unhealthy ("
                    + health.get(target).lastError() + "); send \"force\": true to switch anyway");
        }
        hold = holdIt;
        if (target != active) {
            switchTo(target, "forced by operator" + (holdIt ? " (hold)" : ""), true);
        } else {
            store.save(snapshot());
        }
        return snapshot();
    }

    /** Leaves maintenance by hand, e.g. after fixing keys; the next failures decide again. */
    public synchronized void leaveMaintenance() {
        for (Bot bot : Bot.values()) {
            health.put(bot, BotHealth.unknown().withRecovering(health.get(bot).recovering()));
        }
        setMaintenance(false, "ended by operator");
        store.save(snapshot());
    }

    private synchronized void succeeded(Bot bot, String source) {
        BotHealth before = health.get(bot);
        BotHealth after = before.succeeded(clock.instant());
        health.put(bot, after);
        if (before.status() == BotHealth.Status.UNKNOWN) {
            LOG.info("HEALTH {} is healthy ({} succeeded)", bot, source);
        } else if (before.status() == BotHealth.Status.UNHEALTHY) {
            LOG.info("HEALTH {} is healthy again ({} succeeded after {} failures)",
                    bot, source, before.consecutiveFailures());
        }
        boolean changed = before.status() != after.status()
                || before.consecutiveFailures() != after.consecutiveFailures();
        reconcile(bot + " answered");
        if (changed) {
            store.saveHealth(bot, after);
        }
    }

    private synchronized void failed(Bot bot, BotFailure failure, String source) {
        metrics.failure(bot, failure.kind());
        if (!failure.kind().countsAgainstHealth()) {
            LOG.info("{} {} refused the content ({}); not counted against its health",
                    bot, source, failure.getMessage());
            return;
        }
        BotHealth before = health.get(bot);
        BotHealth after = before.failed(clock.instant(), failure.getMessage(),
                properties.failureThreshold());
        health.put(bot, after);
        if (after.status() == BotHealth.Status.UNHEALTHY
                && before.status() != BotHealth.Status.UNHEALTHY) {
            LOG.warn("FAILURE STREAK {} is unhealthy after {} consecutive failures (last: {})",
                    bot, after.consecutiveFailures(), failure.getMessage());
        } else {
            LOG.info("{} {} failed ({} in a row): {}", bot, source,
                    after.consecutiveFailures(), failure.getMessage());
        }
        store.saveHealth(bot, after);
        reconcile(bot + " unhealthy after " + after.consecutiveFailures()
                + " consecutive failures (" + failure.kind().metricTag() + ")");
    }

    /** Applies the rules after any health change: switch away from a dead bot, maintenance. */
    private void reconcile(String reason) {
        Bot other = active.other();
        boolean activeOk = health.get(active).canAnswer();
        boolean otherOk = health.get(other).canAnswer();
        if (!activeOk && otherOk && !hold) {
            switchTo(other, reason, false);
        }
        boolean bothDown = !health.get(active).canAnswer() && !health.get(active.other())
                .canAnswer();
        if (bothDown != maintenance) {
            setMaintenance(bothDown, bothDown ? "both bots unhealthy" : reason);
            store.save(snapshot());
        }
    }

    private void switchTo(Bot target, String reason, boolean forced) {
        Bot from = active;
        Instant now = clock.instant();
        active = target;
        lastSwitchTime = now;
        Bot primary = properties.primary();
        boolean onBackup = target != primary;
        nextRecoveryTime = onBackup ? now.plus(properties.recoveryTime()) : null;
        health.put(primary, health.get(primary).withRecovering(onBackup));
        if (!onBackup && !forced) {
            hold = false;
        }
        LOG.warn("SWITCH {} -> {}: {}{}", from, target, reason,
                onBackup ? "; will try " + primary + " again at " + nextRecoveryTime : "");
        store.appendHistory(now, forced ? "forced_switch" : "switch", from, target, reason);
        store.save(snapshot());
        metrics.switched(from, target);
    }

    private void setMaintenance(boolean on, String reason) {
        maintenance = on;
        if (on) {
            LOG.error("MAINTENANCE ON: {}; users get the maintenance text", reason);
        } else {
            LOG.info("MAINTENANCE OFF: {}", reason);
        }
        store.appendHistory(clock.instant(), on ? "maintenance_on" : "maintenance_off",
                null, null, reason);
    }

    static BotFailure toFailure(String bot, Throwable cause) {
        Throwable current = cause;
        while (current != null) {
            if (current instanceof BotFailure failure) {
                return failure;
            }
            if (current instanceof CallNotPermittedException) {
                return new BotFailure(bot, FailureKind.SERVER_ERROR, "circuit breaker open");
            }
            if (current instanceof SocketTimeoutException || current instanceof TimeoutException) {
                return new BotFailure(bot, FailureKind.TIMEOUT, "no answer in time");
            }
            if (current instanceof ConnectException) {
                return new BotFailure(bot, FailureKind.CONNECTION, "connection refused");
            }
            if (current instanceof IOException io) {
                return new BotFailure(bot, FailureKind.CONNECTION,
                        io.getClass().getSimpleName());
            }
            current = current.getCause();
        }
        return new BotFailure(bot, FailureKind.SERVER_ERROR,
                cause == null ? "unknown failure" : cause.getClass().getSimpleName());
    }
}
