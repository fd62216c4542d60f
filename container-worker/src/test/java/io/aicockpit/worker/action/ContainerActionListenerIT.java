package io.aicockpit.worker.action;

import static io.aicockpit.worker.action.DockerTestSupport.containersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The whole worker on the real broker and engine: actions in, containers and results out. */
@SpringBootTest(properties = "management.endpoint.health.show-components=always")
@AutoConfigureMockMvc
class ContainerActionListenerIT {
    private static final String GROUP = KafkaTestSupport.uniqueGroup("listener");
    private static final NodeId NODE = new NodeId("it-listener-node");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static KafkaProducer<String, String> producer;
    private static KafkaTestSupport.ResultReader results;

    @Autowired
    private DockerClient docker;
    @Autowired
    private MockMvc mvc;

    private final TenantId tenant = TestActions.randomTenant();
    private final WorkspaceId workspace = WorkspaceId.random();

    @DynamicPropertySource
    static void workerProperties(DynamicPropertyRegistry registry) throws Exception {
        KafkaTestSupport.ensureTopics();
        KafkaTestSupport.startGroupAtEndOfActions(GROUP);
        registry.add("spring.kafka.consumer.group-id", () -> GROUP);
        registry.add("aicockpit.container-worker.node-id", NODE::value);
        KafkaTestSupport.workerTopics().forEach((key, value) -> registry.add(key, () -> value));
    }

    @BeforeAll
    static void connect() {
        producer = KafkaTestSupport.producer();
        results = new KafkaTestSupport.ResultReader();
    }

    @BeforeEach
    void requireImage() {
        DockerTestSupport.requireTestImage(docker);
    }

    @AfterEach
    void removeContainersAndVolumes() {
        DockerTestSupport.removeWorkspaces(docker, List.of(workspace));
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        results.close();
    }

    @Test
    void startActionPublishesSucceededResultAndRunsTheContainer() throws Exception {
        ContainerAction action = TestActions.start(tenant, workspace);

        KafkaTestSupport.send(producer, action);

        ContainerResult result = awaitResults(1).getFirst();
        assertSucceeded(result, action);
        assertThat(docker.inspectContainerCmd(result.containerId()).exec().getState().getRunning()).isTrue();
    }

    @Test
    void sameActionDeliveredTwiceRunsOneContainer() throws Exception {
        ContainerAction action = TestActions.start(tenant, workspace);

        KafkaTestSupport.send(producer, action);
        KafkaTestSupport.send(producer, action);

        List<ContainerResult> both = awaitResults(2);
        both.forEach(result -> assertSucceeded(result, action));
        assertThat(both.get(1).containerId()).isEqualTo(both.get(0).containerId());
        assertThat(containersOf(docker, workspace)).singleElement()
                .satisfies(c -> assertThat(c.getId()).isEqualTo(both.get(0).containerId()));
    }

    @Test
    void unparseableRecordIsSkippedAndTheNextActionStillRuns() throws Exception {
        ContainerAction action = TestActions.start(tenant, workspace);

        // same key, hence same partition: the valid action can only run if the bad record did not block it
        KafkaTestSupport.sendRaw(producer, workspace, "{\"actionId\": not json");
        KafkaTestSupport.send(producer, action);

        assertSucceeded(awaitResults(1).getFirst(), action);
    }

    @Test
    void readinessIncludesTheDockerPing() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.docker.status").value("UP"));
    }

    private List<ContainerResult> awaitResults(int count) {
        return await().atMost(DEADLINE).pollInSameThread()
                .until(() -> results.resultsFor(workspace), r -> r.size() >= count);
    }

    private static void assertSucceeded(ContainerResult result, ContainerAction action) {
        assertThat(result.outcome()).as("outcome, error: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        assertThat(result.actionId()).isEqualTo(action.actionId());
        assertThat(result.tenantId()).isEqualTo(action.tenantId());
        assertThat(result.nodeId()).isEqualTo(NODE);
        assertThat(result.containerId()).isNotBlank();
    }
}
