package io.github.chatbotlb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The in-process PostgreSQL used when no {@code DB_HOST} is set. Its data directory is kept
 * between runs, and it can be stopped and started again on the same port, which is how the
 * tests play a database outage.
 */
public class EmbeddedDatabase {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.port = port > 0 ? port : freePort();
    }

    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(dataDirectory);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .start();
    }

    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    public synchronized boolean running() {
        return postgres != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/postgres".formatted(port);
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
