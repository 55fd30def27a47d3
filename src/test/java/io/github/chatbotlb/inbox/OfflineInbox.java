package io.github.chatbotlb.inbox;

import java.io.IOException;
import java.nio.file.Path;

import io.github.chatbotlb.store.EmbeddedDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The service's database opened while the service is not running: to prepare events before a
 * start, or to look at what a stop left behind.
 */
final class OfflineInbox implements AutoCloseable {

    private final EmbeddedDatabase database;
    private final JdbcTemplate jdbc;

    OfflineInbox(Path dataDirectory) throws IOException {
        database = new EmbeddedDatabase(dataDirectory, 0);
        database.start();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                database.jdbcUrl(), "postgres", "postgres");
        // The service's own migrations, as its first start would run them.
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() throws IOException {
        database.stop();
    }
}
