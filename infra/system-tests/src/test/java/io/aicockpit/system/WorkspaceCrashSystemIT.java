package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Container;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A workspace whose container ends on its own shows CRASHED with the reason through the read API within seconds,
 * gives its running slot back and can be started again; an out-of-memory kill is named as such. A container with
 * the platform's labels that no workspace wants is removed after the grace period.
 */
class WorkspaceCrashSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static final Duration DETECTION = Duration.ofSeconds(5);
    static Platform platform;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void killedContainerShowsCrashedWithinFiveSecondsAndTheWorkspaceStartsAgain() throws Exception {
        // one running workspace allowed: the restart below only passes if the crash gave the slot back
        String tenant = platform.onboardTenant("crash", 1);
        String id = platform.createWorkspace(tenant, Map.of("name", "crashing", "stackId", "busybox"));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        assertThat(start(tenant, id)).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        List<Container> containers = platform.containersOf(id);
        assertThat(containers).hasSize(1);

        platform.docker.killContainerCmd(containers.get(0).getId()).exec();

        await().atMost(DETECTION).pollInterval(Duration.ofMillis(100))
                .until(() -> "CRASHED".equals(platform.status(tenant, id)));
        JsonNode crashed = platform.view(tenant, id);
        assertThat(crashed.get("failureReason").asText()).isEqualTo("exited with code 137 (killed)");

        assertThat(start(tenant, id)).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).singleElement()
                .satisfies(c -> assertThat(c.getId()).isEqualTo(containers.get(0).getId()));
        assertThat(platform.view(tenant, id).get("failureReason").isNull()).isTrue();
    }

    @Test
    void workspaceWhoseContainerWasRemovedByHandCrashesAndStartsInANewContainer() throws Exception {
        String tenant = platform.onboardTenant("removed", 1);
        String id = platform.createWorkspace(tenant, Map.of("name", "removed", "stackId", "busybox"));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        assertThat(start(tenant, id)).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        String removed = platform.containersOf(id).getFirst().getId();

        platform.docker.removeContainerCmd(removed).withForce(true).exec();

        await().atMost(DETECTION).pollInterval(Duration.ofMillis(100))
                .until(() -> "CRASHED".equals(platform.status(tenant, id)));
        assertThat(start(tenant, id)).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).singleElement()
                .satisfies(c -> assertThat(c.getId()).isNotEqualTo(removed));
        assertThat(platform.volumeExists(id)).isTrue();
    }

    @Test
    void workspaceKilledForLackOfMemoryNamesOomAsTheReason() throws Exception {
        String tenant = platform.onboardTenant("oom", 1);
        String id = platform.createWorkspace(tenant, Map.of("name", "hungry", "stackId", Platform.OOM_STACK,
                "limits", Map.of("memoryMiB", 64, "swapMiB", 0)));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));

        assertThat(start(tenant, id)).isEqualTo(202);

        await().atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                .until(() -> "CRASHED".equals(platform.status(tenant, id)));
        assertThat(platform.view(tenant, id).get("failureReason").asText()).isEqualTo("killed: out of memory (OOM)");
    }

    @Test
    void orphanContainerIsRemovedAndAStoppedWorkspacesContainerKept() throws Exception {
        String tenant = platform.onboardTenant("orphan", 1);
        String wanted = platform.createWorkspace(tenant, Map.of("name", "kept", "stackId", "busybox"));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, wanted)));
        assertThat(start(tenant, wanted)).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, wanted)));
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + wanted + "/stop",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, wanted)));
        String keptContainer = platform.containersOf(wanted).getFirst().getId();

        // what a worker killed between creating a container and reporting it, with its event store lost, leaves
        String orphan = java.util.UUID.randomUUID().toString();
        String name = "aicockpit-ws-" + orphan;
        Map<String, String> labels = Map.of("io.aicockpit.managed", "true", "io.aicockpit.tenant", tenant,
                "io.aicockpit.workspace", orphan, "io.aicockpit.node", Platform.NODE);
        platform.docker.createVolumeCmd().withName(name).withLabels(labels).exec();
        String orphanContainer = platform.docker.createContainerCmd("aicockpit/busybox:local").withName(name)
                .withCmd("sleep", "3600").withLabels(labels)
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none")
                        .withBinds(new com.github.dockerjava.api.model.Bind(name,
                                new com.github.dockerjava.api.model.Volume("/workspace"))))
                .exec().getId();
        platform.docker.startContainerCmd(orphanContainer).exec();

        await().atMost(Platform.ORPHAN_GRACE.plusSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> platform.containersOf(orphan).isEmpty());
        assertThat(platform.volumeExists(orphan)).as("an unknown workspace's volume is kept").isTrue();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> platform.containersOf(wanted).size() == 1);
        assertThat(platform.containersOf(wanted).getFirst().getId()).isEqualTo(keptContainer);
        platform.docker.removeVolumeCmd(name).exec();
    }

    private static int start(String tenant, String id) throws Exception {
        return platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start", Platform.developer(tenant),
                null).status();
    }
}
