package io.github.chatbotlb.failover;

import java.time.Instant;

import io.github.chatbotlb.bot.Bot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The failover state as an MBean, so Hawtio (JMX tab, io.github.chatbotlb) shows it beside the
 * Camel routes and an operator can switch from there. The operations go through the same rules
 * as /force-switch; Jolokia's login is what guards them here.
 */
@Component
@ManagedResource(objectName = "io.github.chatbotlb:type=Failover,name=failover",
        description = "Which bot answers first, maintenance, and each bot's health")
public class FailoverMBean {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverMBean.class);

    private final FailoverService failover;

    public FailoverMBean(FailoverService failover) {
        this.failover = failover;
    }

    @ManagedAttribute(description = "The bot asked first: gemini or router_hug")
    public String getActiveBot() {
        return failover.activeBot();
    }

    @ManagedAttribute(description = "True while both bots are down and users get the"
            + " maintenance text")
    public boolean isMaintenance() {
        return failover.inMaintenance();
    }

    @ManagedAttribute(description = "True while a forced switch holds the active bot")
    public boolean isHold() {
        return failover.snapshot().hold();
    }

    @ManagedAttribute(description = "When the active bot last changed (ISO-8601)")
    public String getLastSwitchTime() {
        return iso(failover.snapshot().lastSwitchTime());
    }

    @ManagedAttribute(description = "When the primary is tried again (ISO-8601)")
    public String getNextRecoveryTime() {
        return iso(failover.snapshot().nextRecoveryTime());
    }

    @ManagedAttribute(description = "gemini: healthy, unhealthy or unknown")
    public String getGeminiStatus() {
        return health(Bot.GEMINI).status().id();
    }

    @ManagedAttribute(description = "gemini: failed calls and probes in a row")
    public int getGeminiConsecutiveFailures() {
        return health(Bot.GEMINI).consecutiveFailures();
    }

    @ManagedAttribute(description = "gemini: the last failure seen")
    public String getGeminiLastError() {
        return health(Bot.GEMINI).lastError();
    }

    @ManagedAttribute(description = "router_hug: healthy, unhealthy or unknown")
    public String getRouterHugStatus() {
        return health(Bot.ROUTER_HUG).status().id();
    }

    @ManagedAttribute(description = "router_hug: failed calls and probes in a row")
    public int getRouterHugConsecutiveFailures() {
        return health(Bot.ROUTER_HUG).consecutiveFailures();
    }

    @ManagedAttribute(description = "router_hug: the last failure seen")
    public String getRouterHugLastError() {
        return health(Bot.ROUTER_HUG).lastError();
    }

    @ManagedOperation(description = "Makes a bot the active one; refused towards an unhealthy"
            + " bot unless force is true; hold keeps it until the next forced switch")
    @ManagedOperationParameter(name = "system", description = "gemini or router_hug")
    @ManagedOperationParameter(name = "force", description = "switch even to an unhealthy bot")
    @ManagedOperationParameter(name = "hold", description = "stay there, no automatic return")
    public String forceSwitch(String system, boolean force, boolean hold) {
        Bot target = Bot.fromId(system);
        LOG.info("Force switch to {} requested over JMX (force={}, hold={})", target, force, hold);
        FailoverSnapshot state = failover.forceSwitch(target, force, hold);
        return "active bot is " + state.active().id() + (state.hold() ? " (hold)" : "");
    }

    @ManagedOperation(description = "Leaves maintenance; the next calls and probes decide again")
    public String leaveMaintenance() {
        LOG.info("Leaving maintenance requested over JMX");
        failover.leaveMaintenance();
        return "maintenance off, active bot is " + failover.activeBot();
    }

    private BotHealth health(Bot bot) {
        return failover.snapshot().health(bot);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
