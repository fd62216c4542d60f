package io.aicockpit.gateway.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Drops and recreates the audit test database once per JVM, before the first context migrates it. */
final class AuditTestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String NAME = "aicockpit_gateway_audit_it" + System.getenv().getOrDefault("AICOCKPIT_IT_DB_SUFFIX", "");
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String URL = SERVER + NAME;
    static final String USER = "postgres";
    private static boolean created;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        recreateOnce();
        org.springframework.boot.test.util.TestPropertyValues.of("spring.datasource.url=" + URL).applyTo(context);
    }

    static synchronized void recreateOnce() {
        if (created) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + NAME, e);
        }
        created = true;
    }

    /** A connection of its own, for what a test must not do on a pooled one (session settings). */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, "");
    }
}
