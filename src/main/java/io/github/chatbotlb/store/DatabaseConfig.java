package io.github.chatbotlb.store;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "stop")
    EmbeddedDatabase embeddedDatabase(DatabaseProperties properties) throws IOException {
        EmbeddedDatabase database = new EmbeddedDatabase(
                Path.of(properties.dataDir()), properties.embeddedPort());
        if (properties.embedded()) {
            database.start();
        }
        return database;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, EmbeddedDatabase embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gateway-db");
        config.setMaximumPoolSize(properties.poolSize());
        // A dead database must fail a webhook quickly (503), not hang it.
        config.setConnectionTimeout(properties.connectTimeoutSeconds() * 1000L);
        config.setValidationTimeout(Math.min(properties.connectTimeoutSeconds() * 1000L, 1000L));
        config.setInitializationFailTimeout(-1);
        if (properties.embedded()) {
            config.setJdbcUrl(embedded.jdbcUrl());
            config.setUsername("postgres");
            config.setPassword("postgres");
            LOG.info("Database: embedded PostgreSQL, data in {}", embedded.dataDirectory());
        } else {
            config.setJdbcUrl("jdbc:postgresql://%s:%d/%s".formatted(
                    properties.host(), properties.port(), properties.name()));
            config.setUsername(properties.user());
            config.setPassword(properties.password());
            config.addDataSourceProperty("sslmode", properties.sslMode());
            if (properties.sslRootCert() != null && !properties.sslRootCert().isBlank()) {
                config.addDataSourceProperty("sslrootcert", properties.sslRootCert());
            }
            config.addDataSourceProperty("connectTimeout", properties.connectTimeoutSeconds());
            LOG.info("Database: PostgreSQL at {}:{}/{} (sslmode={})",
                    properties.host(), properties.port(), properties.name(), properties.sslMode());
        }
        return new HikariDataSource(config);
    }

}
