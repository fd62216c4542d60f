package io.aicockpit.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The platform under test, started once per test JVM: command-side, query-side and one container-worker as
 * processes from their executable jars, on a freshly created database, the real Kafka broker (with internal topics
 * of this run only, so no other suite's actions reach this worker) and the real Docker engine.
 */
final class Platform {
    static final String PG = System.getenv().getOrDefault("AICOCKPIT_TEST_PG", "127.0.0.1:5432");
    static final String KAFKA = TestKafka.bootstrap();
    /** Overridable, so two checkouts on one machine can run the suite at once without dropping each other's. */
    static final String DATABASE = System.getProperty("aicockpit.system.database",
            System.getenv().getOrDefault("AICOCKPIT_SYSTEM_IT_DB", "aicockpit_system_it"));
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final String ACTIONS_TOPIC = "aicockpit.internal.container-actions.system-" + RUN;
    static final String RESULTS_TOPIC = "aicockpit.internal.container-results.system-" + RUN;
    static final String CONTAINER_EVENTS_TOPIC = "aicockpit.internal.container-events.system-" + RUN;
    static final String NODE_COMMANDS_TOPIC = "aicockpit.internal.node-commands.system-" + RUN;
    /** Containers older than this are shown to command-side, which names the orphans among them. */
    static final Duration ORPHAN_GRACE = Duration.ofSeconds(3);
    /** A stack whose main process is killed for lack of memory 2 s after it starts (then exits with code 0). */
    static final String OOM_STACK = "busybox_oom";
    static final String USAGE_TOPIC = "aicockpit.internal.ai-usage.system-" + RUN;
    static final String CONTAINER_USAGE_TOPIC = "aicockpit.internal.container-usage.system-" + RUN;
    static final String ACTIVITY_TOPIC = "aicockpit.internal.workspace-activity.system-" + RUN;
    /** Node heartbeats of this run's workers only: another run's nodes must never look live to this placement. */
    static final String HEARTBEATS_TOPIC = "aicockpit.internal.node-heartbeats.system-" + RUN;
    /**
     * A node without a heartbeat for this long is lost. Well beyond a worker's restart in the crash tests on a loaded
     * machine (their PROVISIONING workspaces must survive it), short enough for FleetSystemIT to wait for.
     */
    static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Unique per run: suites of other worktrees share this Docker engine, and a node's reconciler removes containers
     * labelled with its node id that its own platform does not know (and the sweep below removes them all).
     */
    static final String NODE = System.getProperty("aicockpit.system.node", "system-it-node-" + RUN);
    static final ObjectMapper JSON = new ObjectMapper();
    /** The secrets master key of this run (AES-256), shared by command-side (encrypts) and ai-worker (decrypts). */
    static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(
            new java.security.SecureRandom().generateSeed(32));

    private static Platform instance;

    final ServiceProcess commandSide;
    final ServiceProcess querySide;
    private ServiceProcess worker;
    /** The worker keeps its port across replacements: ai-worker knows the node by this address. */
    private final int workerPort = ServiceProcess.freePort();
    private ServiceProcess gateway;
    private ServiceProcess aiWorker;
    final DockerClient docker;
    private final HttpClient http = HttpClient.newHttpClient();

    private Platform() throws Exception {
        recreateDatabase();
        docker = dockerClient();
        commandSide = ServiceProcess.start("command-side", "command-side", List.of(
                "--spring.datasource.url=" + jdbcUrl("command,eventstore"),
                "--spring.kafka.bootstrap-servers=" + KAFKA,
                "--spring.kafka.consumer.group-id=aicockpit-command-side-system-it-" + RUN,
                "--aicockpit.command.actions-topic=" + ACTIONS_TOPIC,
                "--aicockpit.command.results-topic=" + RESULTS_TOPIC,
                "--aicockpit.command.container-events-topic=" + CONTAINER_EVENTS_TOPIC,
                "--aicockpit.command.node-commands-topic=" + NODE_COMMANDS_TOPIC,
                // idle stop: only tenants that set a tiny timeout notice the quick sweep
                "--aicockpit.command.idle.activity-topic=" + ACTIVITY_TOPIC,
                "--aicockpit.command.idle.sweep-interval=250ms",
                "--aicockpit.placement.heartbeats-topic=" + HEARTBEATS_TOPIC,
                "--aicockpit.placement.heartbeats-group=aicockpit-command-side-nodes-system-it-" + RUN,
                "--aicockpit.placement.node-timeout=" + NODE_TIMEOUT.toSeconds() + "s",
                "--aicockpit.placement.sweep-interval=500ms",
                "--aicockpit.command.stacks." + OOM_STACK + ".image=aicockpit/busybox:local",
                "--aicockpit.command.stacks." + OOM_STACK + ".user=dev",
                "--aicockpit.command.stacks." + OOM_STACK + ".command[0]=sh",
                "--aicockpit.command.stacks." + OOM_STACK + ".command[1]=-c",
                "--aicockpit.command.stacks." + OOM_STACK + ".command[2]=sleep 2; head -c 200m /dev/zero | tail; exit 0",
                "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile(),
                "--aicockpit.secrets.key=" + SECRETS_KEY,
                "--aicockpit.outbound.allowlist=127.0.0.1/32,localhost"));
        querySide = ServiceProcess.start("query-side", "query-side", List.of(
                "--spring.datasource.url=" + jdbcUrl("query,eventstore"),
                "--spring.kafka.bootstrap-servers=" + KAFKA,
                "--aicockpit.query-side.usage-topic=" + USAGE_TOPIC,
                "--aicockpit.query-side.container-usage-topic=" + CONTAINER_USAGE_TOPIC,
                "--aicockpit.query-side.activity-topic=" + ACTIVITY_TOPIC,
                "--aicockpit.query-side.node-heartbeats-topic=" + HEARTBEATS_TOPIC,
                "--aicockpit.query-side.nodes-group=aicockpit-query-side-nodes-system-it-" + RUN,
                "--aicockpit.query-side.node-timeout=" + NODE_TIMEOUT.toSeconds() + "s",
                "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile()));
        worker = startWorker(List.of());
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        awaitNodeRegistered(NODE);
    }

    /** Waits until command-side has marked the node lost (its heartbeats stopped for the node timeout). */
    void awaitNodeLost(String node) throws SQLException {
        awaitNode(node, "lost_at IS NOT NULL", NODE_TIMEOUT.plusSeconds(30), "node " + node + " marked lost");
    }

    /** Placement takes only nodes command-side has heard from: wait for the node's first heartbeat to arrive there. */
    void awaitNodeRegistered(String node) throws SQLException {
        awaitNode(node, "lost_at IS NULL", Duration.ofSeconds(60), "node " + node + " registered with command-side");
    }

    private void awaitNode(String node, String condition, Duration atMost, String alias) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("command"), "postgres", "");
             var s = c.prepareStatement("SELECT count(*) FROM command.node WHERE node_id = ? AND " + condition)) {
            s.setString(1, node);
            Awaitility.await(alias).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (var rs = s.executeQuery()) {
                    return rs.next() && rs.getLong(1) == 1;
                }
            });
        }
    }

    static synchronized Platform get() throws Exception {
        if (instance == null) {
            instance = new Platform();
        }
        return instance;
    }

    /** Starts a container-worker of this run's node and consumer group, with extra Spring arguments. */
    ServiceProcess startWorker(List<String> extraArgs) throws IOException {
        // The suite's classes share this node and leave workspaces running; its capacity must not depend on the
        // machine's cores (even overcommitted). Capacity is a setting: give this node room for the suite.
        List<String> args = new java.util.ArrayList<>(List.of("--aicockpit.container-worker.node.cpus=64",
                "--aicockpit.container-worker.node.memory=256GB", "--aicockpit.container-worker.node.max-workspaces=100"));
        args.addAll(extraArgs);
        return startNode("container-worker", NODE, workerPort, args);
    }

    /**
     * Starts a container-worker as node {@code nodeId} on {@code port}, in this run's consumer group and topics,
     * heartbeating every second; its log is {@code target/system-it/<name>.log}.
     */
    ServiceProcess startNode(String name, String nodeId, int port, List<String> extraArgs) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--spring.kafka.bootstrap-servers=" + KAFKA,
                "--spring.kafka.consumer.group-id=aicockpit-container-worker-system-it-" + RUN,
                "--aicockpit.container-worker.node-id=" + nodeId,
                "--aicockpit.container-worker.node.heartbeat-topic=" + HEARTBEATS_TOPIC,
                "--aicockpit.container-worker.node.heartbeat-interval=1s",
                "--aicockpit.container-worker.node.api-uri=http://127.0.0.1:" + port,
                "--aicockpit.container-worker.actions-topic=" + ACTIONS_TOPIC,
                "--aicockpit.container-worker.results-topic=" + RESULTS_TOPIC,
                "--aicockpit.container-worker.reconcile.events-topic=" + CONTAINER_EVENTS_TOPIC,
                "--aicockpit.container-worker.reconcile.interval=2s",
                "--aicockpit.container-worker.reconcile.orphan-grace=" + ORPHAN_GRACE.toSeconds() + "s",
                "--aicockpit.container-worker.reconcile.node-commands-topic=" + NODE_COMMANDS_TOPIC,
                "--aicockpit.container-worker.metering.topic=" + CONTAINER_USAGE_TOPIC,
                "--aicockpit.container-worker.metering.interval=1s",
                "--aicockpit.container-worker.activity.topic=" + ACTIVITY_TOPIC,
                "--aicockpit.container-worker.activity.sample-interval=500ms",
                "--aicockpit.container-worker.activity.publish-interval=1s",
                "--aicockpit.container-worker.query-side-uri=" + querySide.url(""),
                // sweepContainers removes Docker volumes only; loop-backed ones would leave loop devices and
                // images behind. The disk quota has its own test (container-worker's WorkspaceDiskQuotaIT).
                "--aicockpit.container-worker.volumes.mode=plain",
                "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile()));
        args.addAll(extraArgs);
        return ServiceProcess.start(name, "container-worker", args, port);
    }

    ServiceProcess worker() {
        return worker;
    }

    /**
     * The gateway, started on first use: tenant issuers from the in-process IdP, the platform issuer
     * {@code <idp>/platform}, and the internal signing key the services already trust.
     */
    synchronized ServiceProcess gateway() throws IOException {
        if (gateway == null) {
            ServiceProcess ai = aiWorker();
            // the port is fixed first so the gateway can know its own origin: browsers (the web IDE's e2e) open
            // terminal WebSockets from it, and upgrades are checked against the configured web origins
            int port = ServiceProcess.freePort();
            gateway = ServiceProcess.start("api-gateway", "api-gateway", List.of(
                    "--aicockpit.gateway.web-origins=http://127.0.0.1:" + port + ",http://localhost:" + port,
                    "--spring.datasource.url=" + jdbcUrl("gateway"),
                    "--spring.kafka.bootstrap-servers=" + KAFKA,
                    "--aicockpit.gateway.platform-issuer=" + Idp.issuer(Idp.PLATFORM),
                    "--aicockpit.gateway.internal-token.private-key=" + TestIdentityTokens.privateKeyPemFile(),
                    "--aicockpit.gateway.routes.command-side-uri=" + commandSide.url(""),
                    "--aicockpit.gateway.routes.query-side-uri=" + querySide.url(""),
                    "--aicockpit.gateway.routes.ai-worker-uri=" + ai.url(""),
                    "--aicockpit.gateway.routes.nodes." + NODE + "=http://127.0.0.1:" + workerPort,
                    "--aicockpit.gateway.routes.default-node-uri=http://127.0.0.1:" + workerPort,
                    "--aicockpit.gateway.rate-limit.ai-usage-topic=" + USAGE_TOPIC), port);
        }
        return gateway;
    }

    /** ai-worker, started on first use: the run's secrets key, usage topic and the services' trusted JWKS. */
    synchronized ServiceProcess aiWorker() throws IOException {
        if (aiWorker == null) {
            aiWorker = ServiceProcess.start("ai-worker", "ai-worker", List.of(
                    "--spring.datasource.url=" + jdbcUrl("aiworker,eventstore"),
                    "--spring.kafka.bootstrap-servers=" + KAFKA,
                    "--aicockpit.secrets.key=" + SECRETS_KEY,
                    "--aicockpit.outbound.allowlist=127.0.0.1/32,localhost",
                    "--aicockpit.ai-worker.usage-topic=" + USAGE_TOPIC,
                    "--aicockpit.ai-worker.query-side-uri=" + querySide.url(""),
                    "--aicockpit.ai-worker.workspace-nodes.uris." + NODE + "=http://127.0.0.1:" + workerPort,
                    "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile()));
        }
        return aiWorker;
    }

    /**
     * Onboards a tenant through the gateway as a platform operator: creates it in command-side and registers its
     * issuer (the in-process IdP) with the gateway. alice and carol are developers, admin is its org admin.
     */
    String onboardThroughGateway(String prefix, Map<String, Object> rateLimits) throws Exception {
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> operator = Map.of("Authorization", "Bearer " + Idp.clientToken(Idp.PLATFORM, "ops"));
        Response created = post(gateway(), "/api/v1/tenants", operator, Map.of("id", tenant, "name", tenant,
                "quotas", Map.of("maxRunningWorkspaces", 3,
                        "defaultLimits", Map.of("memoryMiB", 64, "swapMiB", 0, "cpus", 0.5, "pids", 64),
                        "maxLimits", Map.of("memoryMiB", 512, "swapMiB", 128, "cpus", 1, "pids", 256))));
        if (created.status() != 201) {
            throw new IllegalStateException("tenant not created: " + created);
        }
        Map<String, Object> idp = new java.util.HashMap<>(Map.of("issuer", Idp.issuer(tenant),
                "audiences", List.of("aicockpit"), "roleClaim", "roles"));
        if (rateLimits != null) {
            idp.put("rateLimits", rateLimits);
        }
        Response registered = send(gateway(), "PUT", "/api/v1/tenants/" + tenant + "/identity-provider", operator,
                idp);
        if (registered.status() / 100 != 2) {
            throw new IllegalStateException("issuer not registered: " + registered);
        }
        Idp.grant(tenant, "alice", "DEVELOPER");
        Idp.grant(tenant, "carol", "DEVELOPER");
        Idp.grant(tenant, "admin", "ORG_ADMIN");
        return tenant;
    }

    /** Replaces the running worker (stopped cleanly first) by one started with {@code extraArgs}. */
    ServiceProcess replaceWorker(List<String> extraArgs) throws IOException {
        if (worker != null && worker.isAlive()) {
            worker.close();
        }
        worker = startWorker(extraArgs);
        return worker;
    }

    /** Starts a worker whose fault injection makes it die before it acknowledges its first action. */
    ServiceProcess replaceWorkerWithOneThatDiesBeforeAck() throws IOException {
        if (worker != null && worker.isAlive()) {
            worker.close();
        }
        worker = startWorker(List.of("--aicockpit.container-worker.halt-before-ack=true"));
        return worker;
    }

    // HTTP

    Response post(ServiceProcess service, String path, Map<String, String> headers, Object body) throws Exception {
        return send(service, "POST", path, headers, body);
    }

    Response send(ServiceProcess service, String method, String path, Map<String, String> headers, Object body)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service.url(path)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        headers.forEach(builder::header);
        HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    /** A GET whose body is not JSON (CSV exports): the body is kept as a text node. */
    Response getRaw(ServiceProcess service, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(service.url(path)))
                .timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(builder::header);
        HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), JSON.getNodeFactory().textNode(r.body()));
    }

    Response get(ServiceProcess service, String path, Map<String, String> headers) throws Exception {
        return send(service, "GET", path, headers, null);
    }

    record Response(int status, JsonNode body) {}

    /** The identity token the gateway would sign for a platform operator. */
    static Map<String, String> operator() {
        return Map.of(InternalIdentity.HEADER, TestIdentityTokens.token(null, "operator", "PLATFORM_OPERATOR"));
    }

    /** The identity token the gateway would sign for a developer of {@code tenant}. */
    static Map<String, String> developer(String tenant) {
        return Map.of(InternalIdentity.HEADER, TestIdentityTokens.token(tenant, "alice", "DEVELOPER"));
    }

    /** Onboards a tenant whose workspaces default to 64 MiB, 0.5 CPU and 64 pids. */
    String onboardTenant(String prefix, int maxRunning) throws Exception {
        String tenant = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = post(commandSide, "/api/v1/tenants", operator(), Map.of("id", tenant, "name", tenant,
                "quotas", Map.of("maxRunningWorkspaces", maxRunning,
                        "defaultLimits", Map.of("memoryMiB", 64, "swapMiB", 0, "cpus", 0.5, "pids", 64),
                        "maxLimits", Map.of("memoryMiB", 512, "swapMiB", 128, "cpus", 1, "pids", 256))));
        if (r.status() != 201) {
            throw new IllegalStateException("onboarding failed: " + r);
        }
        return tenant;
    }

    String createWorkspace(String tenant, Map<String, Object> body) throws Exception {
        Response r = post(commandSide, "/api/v1/workspaces", developer(tenant), body);
        if (r.status() != 201) {
            throw new IllegalStateException("create failed: " + r);
        }
        return r.body().get("workspaceId").asText();
    }

    /** The workspace as query-side shows it, or null while it is not projected yet. */
    JsonNode view(String tenant, String workspaceId) throws Exception {
        Response r = get(querySide, "/api/v1/workspaces/" + workspaceId, developer(tenant));
        return r.status() == 200 ? r.body() : null;
    }

    String status(String tenant, String workspaceId) throws Exception {
        JsonNode view = view(tenant, workspaceId);
        return view == null ? null : view.get("status").asText();
    }

    // Docker

    List<Container> containersOf(String workspaceId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.aicockpit.workspace", workspaceId)).exec();
    }

    boolean volumeExists(String workspaceId) {
        return docker.listVolumesCmd().exec().getVolumes().stream()
                .anyMatch(v -> v.getName().equals("aicockpit-ws-" + workspaceId));
    }

    /** Runs a shell command in the workspace container as its user and returns stdout. */
    String exec(String containerId, String script) throws Exception {
        String execId = docker.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
                .withCmd("sh", "-c", script).exec().getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(execId).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                com.github.dockerjava.api.model.Frame>() {
            @Override
            public void onNext(com.github.dockerjava.api.model.Frame frame) {
                out.append(new String(frame.getPayload(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, java.util.concurrent.TimeUnit.SECONDS);
        return out.toString();
    }

    /** Removes everything this suite's node created, whatever a failed test left behind. */
    void sweepContainers() {
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("io.aicockpit.node", NODE)).exec()
                .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        docker.listVolumesCmd().exec().getVolumes().stream()
                .filter(v -> v.getLabels() != null && NODE.equals(v.getLabels().get("io.aicockpit.node")))
                .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }

    private void stop() {
        for (ServiceProcess p : new ServiceProcess[] {gateway, aiWorker, worker, querySide, commandSide}) {
            if (p != null) {
                p.close();
            }
        }
        sweepContainers();
    }

    /** The types of a workspace's events in store order, e.g. {@code WorkspaceIdleStopWarned}. */
    List<String> eventTypes(String workspaceId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl("eventstore"), "postgres", "");
             var s = c.prepareStatement("SELECT payloadtype FROM eventstore.domainevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            s.setString(1, workspaceId);
            List<String> types = new java.util.ArrayList<>();
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    types.add(type.substring(type.lastIndexOf('.') + 1));
                }
            }
            return types;
        }
    }

    private static String jdbcUrl(String schemas) {
        return "jdbc:postgresql://" + PG + "/" + DATABASE + "?currentSchema=" + schemas;
    }

    private static void recreateDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + PG + "/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    private static DockerClient dockerClient() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost("unix:///var/run/docker.sock").withApiVersion("1.41").build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(Duration.ofSeconds(60)).build());
    }
}
