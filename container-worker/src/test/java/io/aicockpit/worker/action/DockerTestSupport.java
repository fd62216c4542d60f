package io.aicockpit.worker.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerActionOutcome;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks at and cleans up the engine the way an operator would, by the worker's labels; public so the workspace
 * API's tests create containers exactly as START does.
 */
public final class DockerTestSupport {

    private DockerTestSupport() {}

    /** Output and exit status of a command run inside a container. */
    public record ExecResult(long exitCode, String output) {}

    /** Starts a workspace container the way a START action does (busybox test image, user dev); its id. */
    public static String startWorkspace(DockerClient docker, TenantId tenant, WorkspaceId workspace) {
        ContainerResult result = executor(docker).execute(TestActions.start(tenant, workspace));
        assertThat(result.outcome()).as("start, error: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
        return result.containerId();
    }

    /** Stops a workspace container the way a STOP action does. */
    public static void stopWorkspace(DockerClient docker, TenantId tenant, WorkspaceId workspace) {
        ContainerResult result = executor(docker).execute(TestActions.stop(tenant, workspace));
        assertThat(result.outcome()).as("stop, error: %s", result.error()).isEqualTo(ContainerActionOutcome.SUCCEEDED);
    }

    /** A tenant id no other test uses. */
    public static TenantId randomTenant() {
        return TestActions.randomTenant();
    }

    private static ContainerActionExecutor executor(DockerClient docker) {
        return new ContainerActionExecutor(docker, TestActions.properties("it-workspace-api-node"), Clock.systemUTC());
    }

    public static void requireTestImage(DockerClient docker) {
        try {
            docker.inspectImageCmd(TestActions.TEST_IMAGE).exec();
        } catch (NotFoundException e) {
            throw new IllegalStateException("test image " + TestActions.TEST_IMAGE
                    + " is missing; build it with infra/images/build.sh busybox", e);
        }
    }

    static List<Container> containersOf(DockerClient docker, WorkspaceId workspace) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(List.of(ContainerActionExecutor.LABEL_WORKSPACE + "=" + workspace)).exec();
    }

    static boolean volumeExists(DockerClient docker, WorkspaceId workspace) {
        try {
            docker.inspectVolumeCmd(ContainerActionExecutor.resourceName(workspace)).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Removes every container and volume labelled with one of the workspaces. */
    public static void removeWorkspaces(DockerClient docker, Collection<WorkspaceId> workspaces) {
        for (WorkspaceId workspace : workspaces) {
            for (Container container : containersOf(docker, workspace)) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed by the test itself
                }
            }
            List<InspectVolumeResponse> volumes = docker.listVolumesCmd()
                    .withFilter("label", List.of(ContainerActionExecutor.LABEL_WORKSPACE + "=" + workspace))
                    .exec().getVolumes();
            for (InspectVolumeResponse volume : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
                try {
                    docker.removeVolumeCmd(volume.getName()).exec();
                } catch (NotFoundException gone) {
                    // removed by the test itself
                }
            }
        }
    }

    /** Runs a command as the container's configured user and waits for it to finish. */
    public static ExecResult exec(DockerClient docker, String containerId, String... command) throws InterruptedException {
        String execId = docker.execCreateCmd(containerId).withAttachStdout(true).withAttachStderr(true)
                .withCmd(command).exec().getId();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        boolean finished = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.writeBytes(frame.getPayload());
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        assertThat(finished).as("exec of %s finished", List.of(command)).isTrue();
        Long exitCode = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        return new ExecResult(exitCode == null ? -1 : exitCode, output.toString(StandardCharsets.UTF_8));
    }
}
