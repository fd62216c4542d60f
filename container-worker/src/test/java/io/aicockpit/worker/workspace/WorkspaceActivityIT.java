package io.aicockpit.worker.workspace;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.action.DockerTestSupport;
import java.net.http.HttpRequest;
import java.time.Duration;
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

    private List<JsonNode> reportsOf(WorkspaceId id, String kind) {
        return reports.stream().filter(r -> r.path("workspaceId").asText().equals(id.toString()))
                .filter(r -> kind == null || r.path("kinds").toString().contains("\"" + kind + "\""))
                .toList();
    }

}
