package io.aicockpit.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drops and recreates the test database once per JVM, before the first Spring context connects, and gives it the
 * {@code eventstore} schema with Axon's tables, as command-side's migrations would in production.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String NAME = "aicockpit_query_it" + System.getenv().getOrDefault("AICOCKPIT_IT_DB_SUFFIX", "");
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    /** The query side's URL, shaped like production's. */
    static final String APP_URL = SERVER + NAME + "?currentSchema=query,eventstore";
    /** What command-side would use to append. */
    static final String EVENT_STORE_URL = SERVER + NAME + "?currentSchema=eventstore";

    private static boolean created;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        recreateOnce();
        org.springframework.boot.test.util.TestPropertyValues.of("spring.datasource.url=" + APP_URL, "aicockpit.security.internal-token.jwks-file="
                + io.aicockpit.support.identity.TestIdentityTokens.jwksFile()).applyTo(context);
    }

    private static synchronized void recreateOnce() {
        if (created) {
            return;
        }
        try {
            try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
                statement.execute("CREATE DATABASE " + NAME);
            }
            try (Connection connection = DriverManager.getConnection(SERVER + NAME, USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA eventstore");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + NAME, e);
        }
        CommandSideEvents.createEventTables();
        created = true;
    }
}
