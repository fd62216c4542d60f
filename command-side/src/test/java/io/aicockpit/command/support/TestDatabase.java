package io.aicockpit.command.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Recreates a test database on the machine's PostgreSQL once per JVM, so every run starts clean. */
public final class TestDatabase {
    public static final String HOST = System.getenv().getOrDefault("AICOCKPIT_TEST_PG", "127.0.0.1:5432");
    private static final java.util.Set<String> RECREATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestDatabase() {}

    /** Drops and creates {@code name} the first time it is asked for in this JVM; returns its JDBC URL. */
    public static synchronized String recreateOnce(String name, String currentSchema) {
        if (RECREATED.add(name)) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot recreate test database " + name + " on " + HOST, e);
            }
        }
        return "jdbc:postgresql://" + HOST + "/" + name + "?currentSchema=" + currentSchema;
    }
}
