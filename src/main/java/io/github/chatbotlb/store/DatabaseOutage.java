package io.github.chatbotlb.store;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;

/**
 * Remembers that PostgreSQL is unreachable, so that while it is away a webhook is answered 503
 * at once instead of waiting out the connection timeout on every call. Whoever meets a failed
 * connection reports it; a timer route probes the database until it answers again.
 */
@Component("databaseOutage")
public class DatabaseOutage {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);

    private final DataSource dataSource;
    private volatile boolean down;

    public DatabaseOutage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Refuses work that needs the database while it is known to be away. */
    public void refuseWhileDown() {
        if (down) {
            throw new Unavailable();
        }
    }

    /**
     * Looks at a failure met while using the database; a lost or refused connection starts an
     * outage. Other failures (a constraint, a bad query) say nothing about reachability.
     */
    public void suspect(Throwable failure) {
        if (isConnectionFailure(failure) && !down) {
            down = true;
            LOG.error("DATABASE UNREACHABLE ({}): webhooks are answered 503 until it is back",
                    rootMessage(failure));
        }
    }

    /**
     * Called by the probe timer: true exactly once, when an outage has just ended, so the
     * caller can bring back the users whose lanes were abandoned meanwhile.
     */
    public boolean ended() {
        if (!down) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(1)) {
                return false;
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
        down = false;
        LOG.warn("DATABASE REACHABLE again: webhooks accepted, unanswered events resumed");
        return true;
    }

    public boolean isDown() {
        return down;
    }

    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Unavailable
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof ConnectException) {
                return true;
            }
            // 08: connection exception; 57P01-57P03: the server is shutting down or starting.
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** The database is known to be away; nothing was tried. */
    public static class Unavailable extends DataAccessResourceFailureException {

        public Unavailable() {
            super("database unreachable");
        }
    }
}
