package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code GET /api/v1/workspaces/{id}/disk} on a node with loop-backed ext4 volumes (real loop devices, root). */
class WorkspaceDiskApiIT extends WorkspaceApiTestBase {
    private static final Path VOLUMES = temporaryDirectory();
    private static final long QUOTA = 16L << 20;

    @Autowired
    WorkspaceVolumes volumes;

    @DynamicPropertySource
    static void loopVolumes(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.container-worker.volumes.mode", () -> "loop-ext4");
        registry.add("aicockpit.container-worker.volumes.directory", VOLUMES::toString);
    }

    @AfterEach
    void releaseVolume() {
        // the containers first, so the loop device is no longer mounted when it is detached
        DockerTestSupport.removeWorkspaces(docker, java.util.List.of(workspace));
        volumes.release(WorkspaceContainerNames.resourceName(workspace));
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(VOLUMES)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private String startWithQuota() {
        volumes.ensure(WorkspaceContainerNames.resourceName(workspace), Map.of(
                WorkspaceContainerNames.LABEL_MANAGED, "true",
                WorkspaceContainerNames.LABEL_TENANT, tenant.value(),
                WorkspaceContainerNames.LABEL_WORKSPACE, workspace.toString(),
                WorkspaceContainerNames.LABEL_NODE, "it-workspace-api-node"), QUOTA, volume -> { });
        return startVisibleWorkspace();
    }

    private HttpResponse<byte[]> disk(String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(workspace, "/disk")).GET(), token);
    }

    @Test
    void answersTheQuotaAndWhatIsUsed() throws Exception {
        String id = startWithQuota();
        shell(id, "dd if=/dev/zero of=/workspace/blob bs=1M count=4 2>/dev/null && sync");

        HttpResponse<byte[]> response = disk(developerToken());

        assertThat(response.statusCode()).as("body %s", new String(response.body())).isEqualTo(200);
        JsonNode disk = json(response);
        assertThat(disk.path("workspaceId").asText()).isEqualTo(workspace.toString());
        assertThat(disk.path("mode").asText()).isEqualTo("loop-ext4");
        assertThat(disk.path("limitBytes").asLong()).isEqualTo(QUOTA);
        assertThat(disk.path("usedBytes").asLong()).isBetween(4L << 20, QUOTA);
        assertThat(disk.path("availableBytes").asLong()).isBetween(1L, QUOTA - (4L << 20));
        assertThat(disk.path("mounted").asBoolean()).isTrue();
    }

    @Test
    void anotherTenantsCallerGetsNotFound() throws Exception {
        startWithQuota();

        HttpResponse<byte[]> response = disk(TestIdentityTokens.token(DockerTestSupport.randomTenant().value(),
                SUBJECT, "DEVELOPER"));

        assertProblem(response, 404, "workspace-not-found");
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("aicockpit-volumes-api-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
