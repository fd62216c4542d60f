package io.aicockpit.worker.files;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the file API's changes inside a running workspace container, by docker exec as the workspace's
 * unprivileged user ({@code files.user}), so the API can never do more than that user's own terminal: no root,
 * no Docker archive writes. The operations are one fixed script ({@code workspace-files.sh}); the caller's paths are
 * only ever its positional arguments. A file's body goes in on stdin and is read with {@code head -c <size>},
 * because docker-java's Apache transport never half-closes stdin, so the script cannot wait for end-of-file.
 * Each run is bounded by {@code timeout -s KILL} in the container and a deadline on the node.
 */
@Component
class WorkspaceFileShell {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFileShell.class);
    static final String SCRIPT = loadScript();
    private static final Duration GUARD = Duration.ofSeconds(5);
    private static final int MAX_STDERR = 4096;
    private static final int KILLED = 137;

    /** What an operation printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr, boolean stdoutTruncated) {
        boolean ok() {
            return exitCode == 0;
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (String line : stdout.split("\n", -1)) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private final WorkspaceDocker docker;
    private final HousekeepingExecs housekeeping;
    private final String user;
    private final Duration timeout;

    WorkspaceFileShell(WorkspaceDocker docker, ContainerWorkerProperties props, HousekeepingExecs housekeeping) {
        this.docker = docker;
        this.housekeeping = housekeeping;
        this.user = props.files().user();
        this.timeout = props.files().operationTimeout();
    }

    /** One operation of the script; {@code body} (or null) goes to its stdin. */
    Result operation(String containerId, byte[] body, int maxStdout, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "aicockpit-files"));
        command.addAll(List.of(args));
        return run(containerId, body, maxStdout, timeout, command);
    }

    /**
     * Any argv (never a shell string built from user input), as the workspace user, in /workspace. Its CPU is the
     * node's ({@link HousekeepingExecs}): whether a file request is use of the workspace is the API's to say.
     */
    Result run(String containerId, byte[] body, int maxStdout, Duration limit, List<String> command) {
        return housekeeping.run(containerId, () -> exec(containerId, body, maxStdout, limit, command));
    }

    private Result exec(String containerId, byte[] body, int maxStdout, Duration limit, List<String> command) {
        List<String> argv = new ArrayList<>(List.of("timeout", "-s", "KILL", String.valueOf(limit.toSeconds() + 1)));
        argv.addAll(command);
        String execId;
        try {
            ExecCreateCmd create = docker.client().execCreateCmd(containerId)
                    .withUser(user)
                    .withWorkingDir(WorkspaceContainerNames.WORKSPACE_DIR)
                    .withAttachStdout(true).withAttachStderr(true).withAttachStdin(body != null).withTty(false)
                    .withCmd(argv.toArray(String[]::new));
            execId = create.exec().getId();
        } catch (ConflictException e) {
            throw notRunning();
        } catch (NotFoundException e) {
            throw new WorkspaceProblem(ProblemType.WORKSPACE_HAS_NO_CONTAINER,
                    "The workspace's container is gone from this node; start the workspace again.");
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker exec create for a file operation failed");
            throw WorkspaceProblem.dockerFailed();
        }
        Output output = new Output(maxStdout);
        Output callback;
        try {
            InputStream stdin = body == null ? null : new ByteArrayInputStream(body);
            callback = docker.client().execStartCmd(execId).withDetach(false).withTty(false).withStdIn(stdin)
                    .exec(output);
        } catch (ConflictException e) {
            throw notRunning();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker exec start for a file operation failed");
            throw WorkspaceProblem.dockerFailed();
        }
        try {
            if (!callback.awaitCompletion(limit.plus(GUARD).toMillis(), TimeUnit.MILLISECONDS)) {
                log.atWarn().log("a file operation did not finish in time");
                throw new WorkspaceProblem(ProblemType.OPERATION_TIMED_OUT,
                        "The file operation took longer than the node allows; it was stopped.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WorkspaceProblem.dockerFailed();
        } finally {
            try {
                callback.close();
            } catch (IOException e) {
                log.atDebug().addKeyValue("reason", e.toString()).log("closing an exec stream failed");
            }
        }
        if (output.error != null) {
            log.atWarn().addKeyValue("reason", output.error.toString()).log("a file operation's stream failed");
            throw WorkspaceProblem.dockerFailed();
        }
        int exitCode = exitCode(execId);
        if (exitCode == KILLED) {
            throw new WorkspaceProblem(ProblemType.OPERATION_TIMED_OUT,
                    "The file operation took longer than the node allows; it was stopped.");
        }
        if (exitCode == 126 || exitCode == 127 || exitCode < 0) {
            log.atWarn().addKeyValue("exitCode", exitCode).addKeyValue("stderr", output.stderr())
                    .log("the workspace image cannot run file operations");
            throw WorkspaceProblem.dockerFailed();
        }
        return new Result(exitCode, output.stdout(), output.stderr(), output.truncated());
    }

    static WorkspaceProblem notRunning() {
        return new WorkspaceProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                "The workspace's container is not running; start the workspace first.");
    }

    /** Docker records the exit code just after the output ends; look a few times, briefly. */
    private int exitCode(String execId) {
        for (int attempt = 0; attempt < 80; attempt++) {
            try {
                InspectExecResponse exec = docker.client().inspectExecCmd(execId).exec();
                if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                    return exec.getExitCodeLong().intValue();
                }
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("reason", e.toString()).log("could not inspect a finished exec");
                return -1;
            }
        }
        return -1;
    }

    private static String loadScript() {
        try (InputStream in = WorkspaceFileShell.class.getResourceAsStream("workspace-files.sh")) {
            if (in == null) {
                throw new IllegalStateException("workspace-files.sh is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps stdout up to a cap (flagging the rest) and the start of stderr. */
    private static final class Output extends ResultCallback.Adapter<Frame> {
        private final int maxStdout;
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private boolean truncated;
        volatile Throwable error;

        Output(int maxStdout) {
            this.maxStdout = maxStdout;
        }

        @Override
        public synchronized void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.write(payload, 0, Math.min(payload.length, Math.max(0, MAX_STDERR - stderr.size())));
                return;
            }
            int room = Math.max(0, maxStdout - stdout.size());
            if (payload.length > room) {
                truncated = true;
            }
            stdout.write(payload, 0, Math.min(room, payload.length));
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            super.onError(throwable);
        }

        synchronized String stdout() {
            return stdout.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
