package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.aicockpit.system.Platform.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * create → start → a real container with the exact limits → RUNNING in the read model → stop → start (the
 * /workspace file survives) → delete (container and volume gone), through the services' own processes.
 */
class WorkspaceLifecycleSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void workspaceLivesThroughCreateStartStopStartDelete() throws Exception {
        String tenant = platform.onboardTenant("life", 3);
        String id = platform.createWorkspace(tenant, Map.of("name", "lifecycle", "stackId", "busybox",
                "limits", Map.of("memoryMiB", 96, "swapMiB", 32, "cpus", 0.5, "pids", 64)));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));

        Response started = platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(tenant), null);
        assertThat(started.status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));

        List<Container> containers = platform.containersOf(id);
        assertThat(containers).hasSize(1);
        InspectContainerResponse inspect = platform.docker.inspectContainerCmd(containers.get(0).getId()).exec();
        HostConfig host = inspect.getHostConfig();
        assertThat(host.getMemory()).isEqualTo(96L << 20);
        assertThat(host.getMemorySwap()).isEqualTo(128L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(64L);
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getNetworkMode()).isEqualTo("none");
        assertThat(host.getPrivileged()).isFalse();
        assertThat(host.getInit()).isTrue();
        assertThat(host.getBinds()).extracting(b -> b.getPath()).doesNotContain("/var/run/docker.sock");
        assertThat(inspect.getConfig().getUser()).isEqualTo("dev");
        assertThat(inspect.getConfig().getLabels()).containsEntry("io.aicockpit.tenant", tenant)
                .containsEntry("io.aicockpit.workspace", id).containsEntry("io.aicockpit.node", Platform.NODE);
        assertThat(inspect.getMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("aicockpit-ws-" + id);
            assertThat(m.getDestination().getPath()).isEqualTo("/workspace");
        });
        assertThat(platform.view(tenant, id).get("containerId").asText()).isEqualTo(inspect.getId());
        assertThat(platform.view(tenant, id).get("nodeId").asText()).isEqualTo(Platform.NODE);

        platform.exec(inspect.getId(), "echo persisted > /workspace/proof.txt");

        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/stop",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        assertThat(platform.docker.inspectContainerCmd(inspect.getId()).exec().getState().getRunning()).isFalse();

        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).hasSize(1);
        assertThat(platform.exec(inspect.getId(), "cat /workspace/proof.txt")).isEqualTo("persisted\n");

        assertThat(platform.send(platform.commandSide, "DELETE", "/api/v1/workspaces/" + id,
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).isEmpty();
        assertThat(platform.volumeExists(id)).isFalse();
    }

    @Test
    void concurrentStartsRunExactlyTheTenantsQuotaOfContainers() throws Exception {
        String tenant = platform.onboardTenant("quota", 2);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(platform.createWorkspace(tenant, Map.of("name", "q" + i, "stackId", "busybox")));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        List<Future<Response>> answers = new ArrayList<>();
        for (String id : ids) {
            answers.add(pool.submit(() -> {
                go.await();
                return platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                        Platform.developer(tenant), null);
            }));
        }
        go.countDown();
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < ids.size(); i++) {
            Response r = answers.get(i).get();
            if (r.status() == 202) {
                accepted.add(ids.get(i));
            } else {
                assertThat(r.status()).isEqualTo(409);
                assertThat(r.body().get("type").asText()).isEqualTo("urn:aicockpit:problem:tenant-quota-exceeded");
                refused++;
            }
        }
        pool.shutdown();
        assertThat(accepted).hasSize(2);
        assertThat(refused).isEqualTo(3);
        for (String id : accepted) {
            await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        }
        long running = ids.stream().flatMap(id -> platform.containersOf(id).stream())
                .filter(c -> "running".equals(c.getState())).count();
        assertThat(running).isEqualTo(2);
        for (String id : ids) {
            platform.send(platform.commandSide, "DELETE", "/api/v1/workspaces/" + id, Platform.developer(tenant), null);
        }
        for (String id : ids) {
            await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        }
    }

    @Test
    void anotherTenantCannotSeeOrTouchTheWorkspace() throws Exception {
        String owner = platform.onboardTenant("own", 1);
        String intruder = platform.onboardTenant("other", 1);
        String id = platform.createWorkspace(owner, Map.of("name", "private", "stackId", "busybox"));
        await().atMost(SETTLE).until(() -> platform.view(owner, id) != null);

        assertThat(platform.get(platform.querySide, "/api/v1/workspaces/" + id, Platform.developer(intruder)).status())
                .isEqualTo(404);
        assertThat(platform.get(platform.querySide, "/api/v1/workspaces", Platform.developer(intruder)).body()
                .get("items")).isEmpty();
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(intruder), null).status()).isEqualTo(404);
        assertThat(platform.containersOf(id)).isEmpty();
    }
}
