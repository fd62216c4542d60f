package io.aicockpit.aiworker;

import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drops and recreates the test database once per JVM, before the first Spring context connects, and gives it what
 * command-side's migrations would in production: the {@code eventstore} schema with Axon's tables and the
 * {@code secrets.secret} table. Also points ai-worker at the test identity keys, a per-JVM secrets master key, the
 * shared stub upstream, a fake query-side, a fake workspace node and a test usage topic.
 */
public final class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static final String NAME = "aicockpit_aiworker_it" + System.getenv().getOrDefault("AICOCKPIT_IT_DB_SUFFIX", "");
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";
    /** ai-worker's URL, shaped like production's. */
    public static final String APP_URL = SERVER + NAME + "?currentSchema=aiworker,eventstore";
    /** What command-side would use to append and to store secrets. */
    static final String COMMAND_SIDE_URL = SERVER + NAME + "?currentSchema=eventstore";
    /** The master key ai-worker decrypts with; fixtures encrypt with it. */
    public static final String SECRETS_KEY = newKey();
    /** The internal usage topic of this suite, so other suites' consumers never see its records. */
    public static final String USAGE_TOPIC = Topics.AI_USAGE + ".ai-worker-it";

    /** This suite's workspace-activity topic, apart from a running platform's for the same reason. */
    public static final String ACTIVITY_TOPIC = Topics.WORKSPACE_ACTIVITY + ".ai-worker-it";

    private static boolean created;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        recreateOnce();
        TestPropertyValues.of(
                "spring.datasource.url=" + APP_URL,
                "aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile(),
                "aicockpit.secrets.key=" + SECRETS_KEY,
                "aicockpit.ai-worker.usage-topic=" + USAGE_TOPIC,
                "aicockpit.ai-worker.activity-topic=" + ACTIVITY_TOPIC,
                "upstream.stub.port=" + Upstream.stub().port(),
                "aicockpit.ai-worker.query-side-uri=" + FakeQuerySide.get().baseUrl(),
                "aicockpit.ai-worker.workspace-nodes.uris." + FakeQuerySide.NODE + "=" + FakeWorkspaceNode.get().baseUrl(),
                "aicockpit.ai-worker.workspace-nodes.default-uri=http://127.0.0.1:9")
                .applyTo(context);
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
                statement.execute("CREATE SCHEMA secrets");
                statement.execute("""
                        CREATE TABLE secrets.secret (ref uuid PRIMARY KEY, tenant_id text NOT NULL,
                            ciphertext bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())""");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + NAME, e);
        }
        CommandSideEvents.createEventTables();
        created = true;
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The stub upstream every test shares, started once per JVM. */
    public static final class Upstream {
        /** The API key the stub requires; every fixture service is registered with it. */
        public static final String API_KEY = "sk-aiw-" + java.util.UUID.randomUUID().toString().replace("-", "");
        private static StubOpenAiServer stub;

        private Upstream() {}

        public static synchronized StubOpenAiServer stub() {
            if (stub == null) {
                stub = StubOpenAiServer.start(0, API_KEY);
            }
            return stub;
        }
    }
}
