package io.aicockpit.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Drops and recreates the gateway's test database once per JVM, before the first Spring context connects. */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String NAME = "aicockpit_gateway_it" + System.getenv().getOrDefault("AICOCKPIT_IT_DB_SUFFIX", "");
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String URL = SERVER + NAME + "?currentSchema=gateway";

    private static boolean created;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        recreateOnce();
    }

    private static synchronized void recreateOnce() {
        if (created) {
            return;
        }
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + NAME, e);
        }
        created = true;
    }
}
