package io.aicockpit.worker.action;

import static io.aicockpit.worker.action.DockerTestSupport.containersOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerApplication;
import io.aicockpit.worker.docker.WorkerDockerClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real worker processes with {@code halt-before-ack}: the first dies after the Docker work and before publishing or
 * acknowledging; the next one in the same group gets the action again and must reuse what the first created.
 */
class ContainerActionRedeliveryIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private final WorkspaceId workspace = WorkspaceId.random();
    private final List<Process> workers = new ArrayList<>();
    private DockerClient docker;

    @BeforeEach
    void connect() throws Exception {
        docker = WorkerDockerClients.create(TestActions.properties("it-redelivery"));
        DockerTestSupport.requireTestImage(docker);
        KafkaTestSupport.ensureTopics();
    }

    @AfterEach
    void stopWorkersAndCleanUp() throws Exception {
        for (Process worker : workers) {
            worker.destroy();
            if (!worker.waitFor(30, TimeUnit.SECONDS)) {
                worker.destroyForcibly().waitFor();
            }
        }
        DockerTestSupport.removeWorkspaces(docker, List.of(workspace));
        docker.close();
    }

    @Test
    void actionRedeliveredAfterACrashBeforeAckReusesTheContainer() throws Exception {
        String group = KafkaTestSupport.uniqueGroup("redelivery");
        KafkaTestSupport.startGroupAtEndOfActions(group);
        ContainerAction action = TestActions.start(TestActions.randomTenant(), workspace);
        try (KafkaTestSupport.ResultReader results = new KafkaTestSupport.ResultReader();
             KafkaProducer<String, String> producer = KafkaTestSupport.producer()) {

            Process crashing = startWorker(group, "crashing", true);
            KafkaTestSupport.send(producer, action);

            assertThat(crashing.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("worker halted").isTrue();
            assertThat(crashing.exitValue()).isEqualTo(ContainerActionListener.HALT_EXIT_STATUS);
            Container created = assertThat(containersOf(docker, workspace)).singleElement().actual();
            assertThat(created.getState()).isEqualTo("running");
            await().atMost(DEADLINE).pollInSameThread().until(() -> {
                results.resultsFor(workspace);
                return results.caughtUp();
            });
            assertThat(results.resultsFor(workspace)).as("results before the redelivery").isEmpty();

            startWorker(group, "recovering", false);

            List<ContainerResult> published = await().atMost(DEADLINE).pollInSameThread()
                    .until(() -> results.resultsFor(workspace), r -> !r.isEmpty());
            assertThat(published).singleElement().satisfies(result -> {
                assertThat(result.outcome()).as("error: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
                assertThat(result.actionId()).isEqualTo(action.actionId());
                assertThat(result.containerId()).isEqualTo(created.getId());
            });
            assertThat(containersOf(docker, workspace)).singleElement()
                    .satisfies(c -> assertThat(c.getId()).isEqualTo(created.getId()));
        }
    }

    /**
     * Runs the application from the test classpath in its own JVM. A short session timeout lets the group notice
     * the halted member within seconds instead of the default 45.
     */
    private Process startWorker(String group, String name, boolean haltBeforeAck) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "redelivery-it")).resolve(name + "-" + workspace + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                ContainerWorkerApplication.class.getName(),
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + KafkaTestSupport.BOOTSTRAP,
                "--spring.kafka.consumer.group-id=" + group,
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--aicockpit.container-worker.node-id=it-" + name,
                "--aicockpit.container-worker.halt-before-ack=" + haltBeforeAck));
        KafkaTestSupport.workerTopics().forEach((key, value) -> command.add("--" + key + "=" + value));
        Process worker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        workers.add(worker);
        return worker;
    }
}
