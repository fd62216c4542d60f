package io.aicockpit.command.support;

import io.aicockpit.command.CommandSideApplication;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Base of command-side's integration tests: the whole app on a random port, on the machine's PostgreSQL (a
 * database recreated per run) and the real Kafka broker. Tests isolate themselves by tenant id.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CommandSideIT {
    public static final String DATABASE = "aicockpit_command_it" + System.getenv().getOrDefault("AICOCKPIT_IT_DB_SUFFIX", "");
    /** Internal topics of this suite: a worker of a running platform on the same broker never sees them. */
    public static final String ACTIONS_TOPIC = "aicockpit.internal.container-actions.command-side-it";
    public static final String RESULTS_TOPIC = "aicockpit.internal.container-results.command-side-it";
    public static final String CONTAINER_EVENTS_TOPIC = "aicockpit.internal.container-events.command-side-it";
    public static final String NODE_COMMANDS_TOPIC = "aicockpit.internal.node-commands.command-side-it";
    public static final String ACTIVITY_TOPIC = "aicockpit.internal.workspace-activity.command-side-it";

    /** A master key made for this run: the suite's secrets are readable by nothing else. */
    public static final String SECRETS_KEY = randomKey();

    @LocalServerPort
    protected int port;

    @Autowired
    protected RestClient.Builder restClientBuilder;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.recreateOnce(DATABASE, "command,eventstore"));
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaProbe.BOOTSTRAP);
        registry.add("aicockpit.command.actions-topic", () -> ACTIONS_TOPIC);
        registry.add("aicockpit.command.results-topic", () -> RESULTS_TOPIC);
        registry.add("aicockpit.command.container-events-topic", () -> CONTAINER_EVENTS_TOPIC);
        registry.add("aicockpit.command.node-commands-topic", () -> NODE_COMMANDS_TOPIC);
        // idle stop: tests set second-long timeouts per tenant; every other tenant keeps the 30 min default
        registry.add("aicockpit.command.idle.activity-topic", () -> ACTIVITY_TOPIC);
        registry.add("aicockpit.command.idle.sweep-interval", () -> "200ms");
        registry.add("aicockpit.command.idle.warn-fraction", () -> "0.5");
        registry.add("aicockpit.security.internal-token.jwks-file", () -> TestIdentityTokens.jwksFile().toString());
        registry.add("aicockpit.secrets.key", () -> SECRETS_KEY);
        registry.add("aicockpit.outbound.allowlist", () -> "127.0.0.1/32,localhost");
        // no worker node heartbeats here: actions go to the shared topic the tests read (placement: its own tests)
        registry.add("aicockpit.placement.enabled", () -> "false");
    }

    protected RestClient client;

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    @BeforeEach
    void client() {
        client = restClientBuilder.baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }

    /** The token the gateway would sign for a verified caller ({@code roles} comma separated). */
    protected static java.util.function.Consumer<HttpHeaders> as(String tenant, String user, String roles) {
        return h -> {
            h.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant, user,
                    roles == null ? new String[0] : roles.split(",")));
            h.setContentType(MediaType.APPLICATION_JSON);
        };
    }

    protected static java.util.function.Consumer<HttpHeaders> operator() {
        return as(null, "operator-1", "PLATFORM_OPERATOR");
    }

    protected static String uniqueTenant(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }

    /** A tenant whose workspaces get 64 MiB, 0.5 CPU, 64 pids by default. */
    protected static Map<String, Object> tenantBody(String id, int maxRunning) {
        return Map.of("id", id, "name", "Tenant " + id, "quotas", Map.of(
                "maxRunningWorkspaces", maxRunning,
                "defaultLimits", Map.of("memoryMiB", 64, "swapMiB", 0, "cpus", 0.5, "pids", 64),
                "maxLimits", Map.of("memoryMiB", 1024, "swapMiB", 256, "cpus", 2, "pids", 512)));
    }
}
