package io.github.chatbotlb.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process PostgreSQL used when no {@code DB_HOST} is set. Its data directory is kept
 * between runs, and it can be stopped and started again on the same port, which is how the
 * tests play a database outage.
 */
public class EmbeddedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres postgres;
    private FileLock lock;

    public EmbeddedDatabase(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory.toAbsolutePath();
        this.port = port > 0 ? port : freePort();
    }

    public synchronized void start() throws IOException {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(dataDirectory);
        claimDataDirectory();
        stopOrphanedPostgres();
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                // The library trades durability for speed; an acknowledged event must survive
                // a crash of the machine, not only of this process.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
    }

    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (lock != null) {
            lock.channel().close();
            lock = null;
        }
    }

    /**
     * Held while this process uses the data directory; the operating system lets go of it when
     * the process dies, even by kill -9. So a PostgreSQL found running on the directory while
     * we hold it was left behind by a crashed run, never started by a living one.
     */
    private void claimDataDirectory() throws IOException {
        if (lock != null) {
            return;
        }
        Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock claimed = channel.tryLock();
        if (claimed == null) {
            channel.close();
            throw new IOException("Data directory " + dataDirectory
                    + " is in use by another running gateway");
        }
        lock = claimed;
    }

    /**
     * A kill -9 of the service leaves its PostgreSQL running, holding the data directory;
     * the next start would fail on it. Asked to stop, it finishes writing and exits.
     */
    private void stopOrphanedPostgres() throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command()
                        .map(command -> command.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        LOG.warn("Stopping the PostgreSQL (pid {}) a crashed run left on {}", pid, dataDirectory);
        // SIGTERM: a smart shutdown, which ends at once as the dead run's sessions are gone.
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping PostgreSQL pid " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL pid " + pid + " left on " + dataDirectory
                    + " did not stop", e);
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
