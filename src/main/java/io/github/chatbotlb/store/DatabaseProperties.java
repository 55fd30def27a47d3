package io.github.chatbotlb.store;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where PostgreSQL is. With no host the service runs its own embedded PostgreSQL whose data
 * lives in {@code dataDir}, so a first run needs nothing but a JDK.
 */
@ConfigurationProperties("database")
public record DatabaseProperties(
        String host,
        int port,
        String name,
        String user,
        String password,
        String sslMode,
        String sslRootCert,
        String dataDir,
        int embeddedPort,
        int poolSize,
        int connectTimeoutSeconds) {

    public boolean embedded() {
        return host == null || host.isBlank();
    }
}
