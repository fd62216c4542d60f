package io.aicockpit.worker.action;

import static io.aicockpit.worker.action.DockerTestSupport.containersOf;
import static io.aicockpit.worker.action.DockerTestSupport.exec;
import static io.aicockpit.worker.action.DockerTestSupport.volumeExists;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkerDockerClients;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The executor against the real Docker engine: what START, STOP and DELETE leave behind. */
class ContainerActionExecutorIT {
    private static final ContainerWorkerProperties PROPS = TestActions.properties("it-executor-node");

    private static DockerClient docker;
    private static ContainerActionExecutor executor;

    private final TenantId tenant = TestActions.randomTenant();
    private final WorkspaceId workspace = WorkspaceId.random();

    @BeforeAll
    static void connect() {
        docker = WorkerDockerClients.create(PROPS);
        DockerTestSupport.requireTestImage(docker);
        executor = new ContainerActionExecutor(docker, PROPS, Clock.systemUTC());
    }

    @AfterEach
    void removeContainersAndVolumes() {
        DockerTestSupport.removeWorkspaces(docker, List.of(workspace));
    }

    @AfterAll
    static void disconnect() throws Exception {
        docker.close();
    }

    @Test
    void startAppliesTheSpecLimitsAndIsolation() {
        ContainerResult result = executor.execute(TestActions.start(tenant, workspace));

        assertSucceeded(result, ContainerActionType.START);
        InspectContainerResponse container = docker.inspectContainerCmd(result.containerId()).exec();
        HostConfig host = container.getHostConfig();
        assertThat(container.getName()).isEqualTo("/aicockpit-ws-" + workspace);
        assertThat(container.getState().getRunning()).isTrue();
        assertThat(host.getMemory()).isEqualTo(TestActions.LIMITS.memoryBytes());
        assertThat(host.getMemorySwap()).isEqualTo(TestActions.LIMITS.memorySwapBytes());
        assertThat(host.getNanoCPUs()).isEqualTo(TestActions.LIMITS.nanoCpus());
        assertThat(host.getPidsLimit()).isEqualTo(TestActions.LIMITS.pids());
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).isNullOrEmpty();
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getPortBindings() == null || host.getPortBindings().getBindings().isEmpty()).isTrue();
        assertThat(container.getConfig().getLabels()).containsAllEntriesOf(Map.of(
                "io.aicockpit.managed", "true",
                "io.aicockpit.tenant", tenant.value(),
                "io.aicockpit.workspace", workspace.toString(),
                "io.aicockpit.node", PROPS.nodeId()));
        assertThat(container.getConfig().getUser()).isEqualTo("dev");
        assertThat(container.getConfig().getWorkingDir()).isEqualTo("/workspace");
        assertThat(container.getMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getName()).isEqualTo("aicockpit-ws-" + workspace);
            assertThat(mount.getDestination().getPath()).isEqualTo("/workspace");
            assertThat(mount.getRW()).isTrue();
        });
        assertThat(List.of(host.getBinds())).extracting(Object::toString).noneMatch(b -> b.contains("docker.sock"));
    }

    @Test
    void kernelEnforcesTheLimitsInsideTheContainer() throws InterruptedException {
        String id = executor.execute(TestActions.start(tenant, workspace)).containerId();

        var limits = exec(docker, id, "sh", "-c", "cat /sys/fs/cgroup/pids/pids.max "
                + "/sys/fs/cgroup/memory/memory.limit_in_bytes; grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status");
        assertThat(limits.output()).containsSubsequence(
                String.valueOf(TestActions.LIMITS.pids()), String.valueOf(TestActions.LIMITS.memoryBytes()),
                "CapBnd:\t0000000000000000", "NoNewPrivs:\t1");
        var forks = exec(docker, id, "sh", "-c", "for i in $(seq 1 64); do sleep 30 </dev/null >/dev/null 2>&1 & done");
        assertThat(forks.output()).containsIgnoringCase("can't fork");
    }

    @Test
    void startTwiceKeepsOneContainer() {
        ContainerResult first = executor.execute(TestActions.start(tenant, workspace));
        ContainerResult second = executor.execute(TestActions.start(tenant, workspace));

        assertSucceeded(first, ContainerActionType.START);
        assertSucceeded(second, ContainerActionType.START);
        assertThat(second.containerId()).isEqualTo(first.containerId());
        assertThat(containersOf(docker, workspace)).singleElement()
                .satisfies(c -> assertThat(c.getId()).isEqualTo(first.containerId()));
    }

    @Test
    void workspaceFilesSurviveStopAndStart() throws InterruptedException {
        String id = executor.execute(TestActions.start(tenant, workspace)).containerId();
        assertThat(exec(docker, id, "sh", "-c", "echo hi > /workspace/f").exitCode()).isZero();

        ContainerResult stopped = executor.execute(TestActions.stop(tenant, workspace));
        assertSucceeded(stopped, ContainerActionType.STOP);
        assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isFalse();
        assertThat(volumeExists(docker, workspace)).isTrue();
        ContainerResult restarted = executor.execute(TestActions.start(tenant, workspace));

        assertThat(restarted.containerId()).isEqualTo(id);
        assertThat(exec(docker, id, "cat", "/workspace/f").output()).isEqualTo("hi\n");
    }

    @Test
    void aStartPlacedHereReplacesTheContainerAnotherNodeOfThisEngineLeftAndKeepsTheVolume() throws Exception {
        ContainerActionExecutor otherNode = new ContainerActionExecutor(docker,
                TestActions.properties("it-executor-other-node"), Clock.systemUTC());
        String old = otherNode.execute(TestActions.start(tenant, workspace)).containerId();
        exec(docker, old, "sh", "-c", "echo kept > /workspace/f");

        // from the shared topic (not placed): the container is reused as before, whoever made it
        assertThat(executor.execute(TestActions.start(tenant, workspace), false).containerId()).isEqualTo(old);

        ContainerResult placed = executor.execute(TestActions.start(tenant, workspace), true);
        assertSucceeded(placed, ContainerActionType.START);
        assertThat(placed.containerId()).isNotEqualTo(old);
        InspectContainerResponse container = docker.inspectContainerCmd(placed.containerId()).exec();
        assertThat(container.getConfig().getLabels()).containsEntry("io.aicockpit.node", "it-executor-node");
        assertThat(container.getState().getRunning()).isTrue();
        assertThat(exec(docker, placed.containerId(), "cat", "/workspace/f").output()).isEqualTo("kept\n");
        // a redelivery of the same placed START finds its own container
        assertThat(executor.execute(TestActions.start(tenant, workspace), true).containerId())
                .isEqualTo(placed.containerId());
    }

    @Test
    void stopTwiceAndStopWithoutContainerSucceed() {
        String id = executor.execute(TestActions.start(tenant, workspace)).containerId();

        assertThat(executor.execute(TestActions.stop(tenant, workspace)).containerId()).isEqualTo(id);
        assertThat(executor.execute(TestActions.stop(tenant, workspace)).containerId()).isEqualTo(id);
        WorkspaceId never = WorkspaceId.random();
        ContainerResult none = executor.execute(TestActions.stop(tenant, never));
        assertSucceeded(none, ContainerActionType.STOP);
        assertThat(none.containerId()).isNull();
    }

    @Test
    void deleteRemovesContainerAndVolumeAndMayRepeat() {
        executor.execute(TestActions.start(tenant, workspace));

        ContainerResult deleted = executor.execute(TestActions.delete(tenant, workspace));
        ContainerResult deletedAgain = executor.execute(TestActions.delete(tenant, workspace));

        assertSucceeded(deleted, ContainerActionType.DELETE);
        assertSucceeded(deletedAgain, ContainerActionType.DELETE);
        assertThat(containersOf(docker, workspace)).isEmpty();
        assertThat(volumeExists(docker, workspace)).isFalse();
    }

    @Test
    void startFailsWhenTheImageIsNotOnTheNode() {
        String image = "aicockpit/missing-" + workspace + ":local";

        ContainerResult result = executor.execute(TestActions.start(tenant, workspace, TestActions.spec(image)));

        assertThat(result.outcome()).isEqualTo(ContainerActionOutcome.FAILED);
        assertThat(result.containerId()).isNull();
        assertThat(result.error()).contains("image " + image + " is not present on node " + PROPS.nodeId());
        assertThat(containersOf(docker, workspace)).isEmpty();
    }

    @Test
    void restartsItsOwnStoppedContainer() {
        String id = executor.execute(TestActions.start(tenant, workspace)).containerId();
        executor.execute(TestActions.stop(tenant, workspace));

        ContainerResult restart = executor.execute(TestActions.start(tenant, workspace));

        assertSucceeded(restart, ContainerActionType.START);
        assertThat(restart.containerId()).isEqualTo(id);
        assertThat(docker.inspectContainerCmd(id).exec().getState().getRunning()).isTrue();
    }

    @Test
    void refusesToStartAnotherTenantsContainer() {
        String id = executor.execute(TestActions.start(tenant, workspace)).containerId();
        executor.execute(TestActions.stop(tenant, workspace));

        ContainerResult hijack = executor.execute(TestActions.start(TestActions.randomTenant(), workspace));

        assertThat(hijack.outcome()).isEqualTo(ContainerActionOutcome.FAILED);
        assertThat(hijack.error()).contains("does not belong to this workspace");
        InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
        assertThat(container.getState().getRunning()).isFalse();
        assertThat(container.getConfig().getLabels()).containsEntry("io.aicockpit.tenant", tenant.value());
    }

    private static void assertSucceeded(ContainerResult result, ContainerActionType type) {
        assertThat(result.outcome()).as("outcome, error: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        assertThat(result.type()).isEqualTo(type);
        assertThat(result.nodeId()).isEqualTo(PROPS.node());
        assertThat(result.error()).isNull();
    }
}
