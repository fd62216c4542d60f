package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.testsupport.kafka.TestKafka;
import io.aicockpit.worker.action.DockerTestSupport;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The node's activity reports (package {@code activity}) on the real Docker engine and broker: a CPU-bound loop and
 * a file written through the API are reported, an idle shell is not. Lives here for the workspace API test base.
 */
class WorkspaceActivityIT extends WorkspaceApiTestBase {
    /** Every test context of the module reports here (test resources' config/application.properties). */
    static final String TOPIC = "aicockpit.internal.workspace-activity.container-worker-it";

    @DynamicPropertySource
    static void activityProperties(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.container-worker.activity.sample-interval", () -> "250ms");
        registry.add("aicockpit.container-worker.activity.publish-interval", () -> "1s");
        // a watched workspace is scanned several times per sample
        registry.add("aicockpit.container-worker.files.changes-interval", () -> "100ms");
    }

    private final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    private Thread reader;
    private volatile boolean reading = true;

    @BeforeEach
    void readReports() {
        Properties config = new Properties();
        config.putAll(TestKafka.clientProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "activity-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(TOPIC));
                while (reading) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        reports.add(JSON.readTree(r.value()));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stopReading() throws InterruptedException {
        reading = false;
        reader.join(5_000);
    }

    @Test
    void reportsACpuBoundLoopButNotAnIdleShell() throws Exception {
        WorkspaceId idle = WorkspaceId.random();
        created.add(idle);
        DockerTestSupport.startWorkspace(docker, tenant, idle);
        String busy = DockerTestSupport.startWorkspace(docker, tenant, workspace);
        shell(busy, "(while :; do :; done) >/dev/null 2>&1 &");

        // two reports of the loop are a publish interval apart: the idle shell had that long to show up
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsOf(workspace, "CPU").size() >= 2);
        JsonNode report = reportsOf(workspace, "CPU").get(0);
        assertThat(report.get("tenantId").asText()).isEqualTo(tenant.value());
        assertThat(report.get("nodeId").asText()).isEqualTo("it-workspace-api-node");
        assertThat(report.get("lastActivityAt").asText()).isNotBlank();
        assertThat(reportsOf(idle, null)).isEmpty();
    }

    @Test
    void reportsAFileWrittenThroughTheApi() throws Exception {
        startVisibleWorkspace();
        assertThat(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=notes.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("hello")), developerToken()).statusCode()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).until(() -> !reportsOf(workspace, "FILES").isEmpty());
    }

    @Test
    void aRefusedWriteIsNoActivity() throws Exception {
        startVisibleWorkspace();
        WorkspaceId twin = WorkspaceId.random();
        created.add(twin);
        QUERY_SIDE.show(tenant, twin, SUBJECT);
        DockerTestSupport.startWorkspace(docker, tenant, twin);
        assertThat(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=../escape"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")), developerToken()).statusCode()).isEqualTo(400);
        // the allowed twin on another workspace is reported; the refused one, sent first, is not
        assertThat(send(HttpRequest.newBuilder(api(twin, "/files/content?path=ok.txt"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")), developerToken()).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(20)).until(() -> !reportsOf(twin, "FILES").isEmpty());
        assertThat(reportsOf(workspace, "FILES")).isEmpty();
    }

    /**
     * The node's own work in a container (here the change stream's scans of a watched tree, elsewhere the disk
     * measurement) costs the container CPU, but it is not use: an IDE left open on a big workspace must not keep it
     * from being stopped as idle, while a real loop next to it is still seen.
     */
    @Test
    void theNodesOwnScansOfAWatchedWorkspaceAreNoActivity() throws Exception {
        String watched = startVisibleWorkspace();
        shell(watched, "cd /workspace && for d in $(seq 1 40); do mkdir d$d && cd d$d"
                + " && for f in $(seq 1 100); do echo x > f$f; done && cd ..; done");
        // the set-up above was use; only what is seen after it matters
        Instant quiet = Instant.now().plusSeconds(1);
        WorkspaceId busy = WorkspaceId.random();
        created.add(busy);
        shell(DockerTestSupport.startWorkspace(docker, tenant, busy), "(while :; do :; done) >/dev/null 2>&1 &");

        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(api(workspace, "/files/changes"))
                .header(InternalIdentity.HEADER, developerToken()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        try (InputStream body = stream.body()) {
            // the loop is reported three times after the quiet point: three publish intervals of scans went by
            await().atMost(Duration.ofSeconds(30)).until(() -> reportsOf(busy, "CPU").stream()
                    .filter(r -> Instant.parse(r.get("lastActivityAt").asText()).isAfter(quiet)).count() >= 3);
            assertThat(reportsOf(workspace, null)).filteredOn(
                    r -> Instant.parse(r.get("lastActivityAt").asText()).isAfter(quiet)).isEmpty();
        }
    }

    private List<JsonNode> reportsOf(WorkspaceId id, String kind) {
        return reports.stream().filter(r -> r.path("workspaceId").asText().equals(id.toString()))
                .filter(r -> kind == null || r.path("kinds").toString().contains("\"" + kind + "\""))
                .toList();
    }

}
