package io.aicockpit.worker.action;

import static io.aicockpit.worker.action.DockerTestSupport.exec;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkerDockerClients;
import io.aicockpit.worker.reconcile.ExpectedExits;
import io.aicockpit.worker.volume.LoopExt4WorkspaceVolumes;
import io.aicockpit.worker.volume.VolumeMode;
import io.aicockpit.worker.volume.WorkspaceDiskUsage;
import io.aicockpit.worker.volume.WorkspaceVolumeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Loop-backed ext4 workspace volumes on the real Docker engine and real loop devices (needs root): the quota is
 * enforced by the kernel, the files survive stop/start and a detached loop device (a reboot), and DELETE releases
 * the loop device and the image. Image files live in a temporary directory; every loop device, volume and
 * container a test made is released after it, also when it failed.
 */
class WorkspaceDiskQuotaIT {
    private static final ContainerWorkerProperties PROPS = TestActions.properties("it-disk-quota-node");
    private static final long QUOTA = 16L << 20;

    private static DockerClient docker;
    private static Path directory;
    private static LoopExt4WorkspaceVolumes volumes;
    private static ContainerActionExecutor executor;

    private final TenantId tenant = TestActions.randomTenant();
    private final List<WorkspaceId> workspaces = new ArrayList<>();

    @BeforeAll
    static void connect() throws IOException {
        docker = WorkerDockerClients.create(PROPS);
        DockerTestSupport.requireTestImage(docker);
        directory = Files.createTempDirectory("aicockpit-volumes-it");
        volumes = new LoopExt4WorkspaceVolumes(docker, new WorkspaceVolumeProperties(VolumeMode.LOOP_EXT4, directory,
                DataSize.ofMegabytes(32), DataSize.ofMegabytes(64), "1000:1000", Duration.ofSeconds(60)));
        executor = new ContainerActionExecutor(docker, PROPS, Clock.systemUTC(), new ExpectedExits(), volumes);
    }

    @AfterEach
    void releaseEverything() {
        DockerTestSupport.removeWorkspaces(docker, workspaces);
        for (WorkspaceId workspace : workspaces) {
            volumes.release(ContainerActionExecutor.resourceName(workspace));
        }
    }

    @AfterAll
    static void disconnect() throws Exception {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        docker.close();
    }

    @Test
    void writingPastTheQuotaFailsWithNoSpaceWhileAnotherWorkspaceKeepsWriting() throws Exception {
        WorkspaceId full = newWorkspace();
        WorkspaceId other = newWorkspace();
        String fullId = start(full, QUOTA);
        String otherId = start(other, QUOTA);

        var fill = exec(docker, fullId, "sh", "-c", "dd if=/dev/zero of=/workspace/fill bs=1M count=64");
        var write = exec(docker, otherId, "sh", "-c",
                "dd if=/dev/zero of=/workspace/data bs=1M count=4 && echo still-writing > /workspace/note && cat /workspace/note");

        assertThat(fill.exitCode()).isNotZero();
        assertThat(fill.output()).contains("No space left on device");
        assertThat(write.exitCode()).as("other workspace: %s", write.output()).isZero();
        assertThat(write.output()).contains("still-writing");
        WorkspaceDiskUsage usage = volumes.usage(ContainerActionExecutor.resourceName(full)).orElseThrow();
        assertThat(usage.mode()).isEqualTo("loop-ext4");
        assertThat(usage.mounted()).isTrue();
        assertThat(usage.limitBytes()).isEqualTo(QUOTA);
        assertThat(usage.usedBytes()).isGreaterThan(QUOTA * 3 / 4);
        assertThat(usage.availableBytes()).isLessThan(1L << 20);
    }

    @Test
    void theWorkspaceUserOwnsAnEmptyVolumeOfTheNodesDefaultSize() throws Exception {
        WorkspaceId workspace = newWorkspace();
        String id = start(workspace, null);

        var listing = exec(docker, id, "sh", "-c", "ls -A /workspace | wc -l; stat -c %u /workspace; touch /workspace/f");

        assertThat(listing.exitCode()).as(listing.output()).isZero();
        assertThat(listing.output().lines().toList()).containsExactly("0", "1000");
        assertThat(volumes.usage(ContainerActionExecutor.resourceName(workspace)).orElseThrow().limitBytes())
                .isEqualTo(32L << 20);
    }

    @Test
    void filesSurviveStopStartAndAReattachedLoopDevice() throws Exception {
        WorkspaceId workspace = newWorkspace();
        String name = ContainerActionExecutor.resourceName(workspace);
        String id = start(workspace, QUOTA);
        assertThat(exec(docker, id, "sh", "-c", "dd if=/dev/zero of=/workspace/blob bs=1M count=5 && echo kept > /workspace/f")
                .exitCode()).isZero();

        assertThat(executor.execute(TestActions.stop(tenant, workspace)).outcome()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        WorkspaceDiskUsage stopped = volumes.usage(name).orElseThrow();
        // a reboot leaves the image but no loop device
        for (String device : volumes.loopDevicesOf(volumes.image(name))) {
            host("losetup", "-d", device);
        }
        assertThat(volumes.loopDevicesOf(volumes.image(name))).isEmpty();
        String restarted = start(workspace, QUOTA);

        assertThat(stopped.mounted()).isFalse();
        assertThat(stopped.usedBytes()).isGreaterThan(5L << 20).isLessThan(QUOTA);
        assertThat(restarted).isEqualTo(id);
        assertThat(exec(docker, id, "cat", "/workspace/f").output()).isEqualTo("kept\n");
        assertThat(volumes.loopDevicesOf(volumes.image(name))).hasSize(1);
    }

    @Test
    void startUpReattachesEveryImageAndRepointsItsLink() throws Exception {
        WorkspaceId workspace = newWorkspace();
        String name = ContainerActionExecutor.resourceName(workspace);
        start(workspace, QUOTA);
        assertThat(executor.execute(TestActions.stop(tenant, workspace)).outcome()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        String before = Files.readSymbolicLink(volumes.deviceLink(name)).toString();
        host("losetup", "-d", before);
        // after a reboot the old number may belong to another image
        Path other = Files.createTempFile(directory, "other", ".bin");
        Files.write(other, new byte[1 << 20]);
        String taken = host("losetup", "--show", before, other.toString()).strip();
        try {
            volumes.reattachAll();

            assertThat(taken).isEqualTo(before);
            assertThat(volumes.loopDevicesOf(volumes.image(name))).singleElement().satisfies(device -> {
                assertThat(device).isNotEqualTo(before);
                assertThat(Files.readSymbolicLink(volumes.deviceLink(name))).hasToString(device);
            });
        } finally {
            host("losetup", "-d", taken);
            Files.delete(other);
        }
    }

    @Test
    void deleteReleasesTheLoopDeviceAndTheImage() throws Exception {
        WorkspaceId workspace = newWorkspace();
        String name = ContainerActionExecutor.resourceName(workspace);
        start(workspace, QUOTA);
        Path image = volumes.image(name);
        assertThat(host("losetup", "-a")).contains(image.toString());

        ContainerResult deleted = executor.execute(TestActions.delete(tenant, workspace));
        ContainerResult deletedAgain = executor.execute(TestActions.delete(tenant, workspace));

        assertThat(deleted.outcome()).as(deleted.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        assertThat(deletedAgain.outcome()).as(deletedAgain.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        assertThat(host("losetup", "-a")).doesNotContain(image.toString());
        assertThat(image).doesNotExist();
        assertThat(volumes.deviceLink(name)).doesNotExist();
        assertThat(DockerTestSupport.volumeExists(docker, workspace)).isFalse();
    }

    @Test
    void refusesADiskSizeAboveTheNodesMaximum() {
        WorkspaceId workspace = newWorkspace();

        ContainerResult result = executor.execute(TestActions.start(tenant, workspace, spec(1L << 30)));

        assertThat(result.outcome()).isEqualTo(ContainerActionOutcome.FAILED);
        assertThat(result.error()).contains("exceeds this node's maximum");
        assertThat(volumes.image(ContainerActionExecutor.resourceName(workspace))).doesNotExist();
    }

    private WorkspaceId newWorkspace() {
        WorkspaceId workspace = WorkspaceId.random();
        workspaces.add(workspace);
        return workspace;
    }

    private String start(WorkspaceId workspace, Long diskBytes) {
        ContainerResult result = executor.execute(TestActions.start(tenant, workspace, spec(diskBytes)));
        assertThat(result.outcome()).as("start: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        return result.containerId();
    }

    private static ContainerSpec spec(Long diskBytes) {
        ContainerSpec base = TestActions.spec(TestActions.TEST_IMAGE);
        return new ContainerSpec(base.image(), base.command(), base.user(), Map.copyOf(base.env()), base.limits(), null,
                diskBytes);
    }

    private static String host(String... argv) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", List.of(argv), output).isZero();
        return output;
    }
}
