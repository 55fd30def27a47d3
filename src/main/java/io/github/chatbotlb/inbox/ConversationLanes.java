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
    public void abandon(String psid) {
        lanes.remove(psid);
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
