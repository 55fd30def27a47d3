package io.github.chatbotlb.inbox;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One lane per user: a user's events are answered one at a time in timestamp order, while
 * different users are answered in parallel by the {@code seda:conversations} workers. After
 * each event the user goes to the back of the queue, so one user's flood cannot starve others.
 * Only user ids travel through the queue; the events themselves wait in PostgreSQL.
 */
// Limitation: lanes live in this process; two gateways on one database could answer a user twice.
@Component("conversationLanes")
public class ConversationLanes {

    static final String QUEUE = "seda:conversations";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationLanes.class);

    /** Users queued or being answered; true when new events arrived meanwhile. */
    private final ConcurrentHashMap<String, Boolean> lanes = new ConcurrentHashMap<>();
    private final ProducerTemplate producer;

    public ConversationLanes(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Called once events are committed: queue each user unless already in a lane. */
    public void submit(Collection<String> users) {
        for (String psid : users) {
            lanes.compute(psid, (user, busy) -> {
                if (busy != null) {
                    return Boolean.TRUE;
                }
                return enqueue(user) ? Boolean.FALSE : null;
            });
        }
    }

    /** The worker answered one event of this user: back of the queue for the next one. */
    public void requeue(String psid) {
        lanes.compute(psid, (user, busy) -> enqueue(user) ? Boolean.FALSE : null);
    }

    /** Nothing left for this user, unless something arrived while we looked. */
    public void release(String psid) {
        lanes.compute(psid, (user, busy) -> {
            if (Boolean.TRUE.equals(busy)) {
                return enqueue(user) ? Boolean.FALSE : null;
            }
            return null;
        });
    }

    /** The lane broke (the database went away, say); the sweep will bring the user back. */
    public void abandon(String psid, Exception cause) {
        LOG.warn("Lane of {} paused: {}: {}", InboxEvent.userRef(psid),
                cause.getClass().getSimpleName(), cause.getMessage());
        lanes.remove(psid);
    }

    /**
     * True once the service is stopping. Turns in flight are finished, but no new one is
     * started: without this check the queue, which every answered user rejoins, would be worked
     * off to the end during the shutdown instead of being left in the inbox for the next start.
     */
    public boolean closing() {
        return producer.getCamelContext().isStopping() || producer.getCamelContext().isStopped();
    }

    public int activeLanes() {
        return lanes.size();
    }

    private boolean enqueue(String psid) {
        try {
            producer.sendBody(QUEUE, psid);
            return true;
        } catch (RuntimeException e) {
            // Limitation: a full queue leaves the user for the next sweep, seconds later.
            LOG.warn("Could not queue {} ({}); the inbox sweep will retry",
                    InboxEvent.userRef(psid), e.getClass().getSimpleName());
            return false;
        }
    }
}
