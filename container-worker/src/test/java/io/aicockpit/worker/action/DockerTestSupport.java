package io.aicockpit.worker.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Looks at and cleans up the engine the way an operator would, by the worker's labels. */
final class DockerTestSupport {

    private DockerTestSupport() {}

    /** Output and exit status of a command run inside a container. */
    record ExecResult(long exitCode, String output) {}

    static void requireTestImage(DockerClient docker) {
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
    static void removeWorkspaces(DockerClient docker, Collection<WorkspaceId> workspaces) {
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
    static ExecResult exec(DockerClient docker, String containerId, String... command) throws InterruptedException {
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
