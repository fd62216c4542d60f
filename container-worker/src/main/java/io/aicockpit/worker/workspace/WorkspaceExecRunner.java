package io.aicockpit.worker.workspace;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Frame;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkspaceDocker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one shell command in a workspace container: {@code sh -c <command>} by docker exec, as the container's
 * configured user, in {@code /workspace}, without a TTY, output capped and the rest drained.
 *
 * <p>The timeout really stops the command. Every process of the exec inherits a marker variable
 * ({@value #MARKER_ENV}); when the timeout passes, the worker kills every process in the container that carries it
 * (the whole tree, also children a shell left behind, which busybox's {@code timeout} would miss). As a backstop in
 * case this node dies mid-exec, the command also runs under {@code timeout -s KILL} a second later (busybox and
 * coreutils both have it). The exec is over when the engine's {@code exec_die} event says so, with its exit code;
 * the worker never waits longer than the timeout plus a {@link #GUARD} for each step after it.
 * A command that clears its own environment escapes the marker; it stays inside its own container's limits.
 */
@Component
class WorkspaceExecRunner {
    static final String MARKER_ENV = "AICOCKPIT_EXEC_ID";
    static final Duration GUARD = Duration.ofSeconds(5);
    static final int RETRY_AFTER_SECONDS = 5;
    private static final int KILLED = 137;
    private static final int TIMEOUT_STATUS = 124;
    private static final Logger log = LoggerFactory.getLogger(WorkspaceExecRunner.class);
    /**
     * Finds the processes carrying the marker and stops them at once, remembering their sessions (docker exec starts
     * each command as a session leader, so its whole tree shares one session, including processes whose environment
     * a non-dumpable parent hides), stops those too, then kills everything it stopped in one go: a stopped shell
     * cannot go on to its next command when its child dies first. Three rounds catch processes forked meanwhile.
     * Sessions 0 and 1 (the container's init) are never touched.
     */
    private static final String REAPER = "m=\"" + MARKER_ENV + "=$1\";"
            + " sid() { sed 's/.*) //' \"$1/stat\" 2>/dev/null | cut -d' ' -f4; };"
            + " for round in 1 2 3; do sids=''; pids='';"
            + " for d in /proc/[0-9]*; do"
            + " if tr '\\0' '\\n' 2>/dev/null < \"$d/environ\" | grep -qxF \"$m\"; then"
            + " kill -STOP \"${d#/proc/}\" 2>/dev/null; pids=\"$pids ${d#/proc/}\";"
            + " s=$(sid \"$d\"); case \"$s\" in ''|0|1) ;; *) sids=\"$sids $s\";; esac; fi; done;"
            + " for d in /proc/[0-9]*; do s=$(sid \"$d\"); for x in $sids; do"
            + " if [ \"$s\" = \"$x\" ]; then kill -STOP \"${d#/proc/}\" 2>/dev/null; pids=\"$pids ${d#/proc/}\"; fi;"
            + " done; done;"
            + " if [ -n \"$pids\" ]; then kill -9 $pids 2>/dev/null; fi;"
            + " done; true";

    private final WorkspaceDocker docker;
    private final int maxOutputBytes;
    private final Semaphore slots;

    WorkspaceExecRunner(WorkspaceDocker docker, ContainerWorkerProperties props) {
        this.docker = docker;
        this.maxOutputBytes = (int) props.exec().maxOutputBytes().toBytes();
        this.slots = new Semaphore(props.exec().maxConcurrent());
    }

    /** One of the node's exec slots, released on close; 429 when all are taken. */
    AutoCloseable slot() {
        if (!slots.tryAcquire()) {
            throw WorkspaceProblem.tooMany(ProblemType.TOO_MANY_EXECS,
                    "This node runs as many commands as it may at once; retry shortly.", RETRY_AFTER_SECONDS);
        }
        return slots::release;
    }

    WorkspaceExecResult run(String containerId, String command, int timeoutSeconds) {
        String marker = UUID.randomUUID().toString();
        String execId;
        try {
            execId = docker.client().execCreateCmd(containerId)
                    .withAttachStdin(false).withAttachStdout(true).withAttachStderr(true).withTty(false)
                    .withWorkingDir(WorkspaceContainerNames.WORKSPACE_DIR)
                    .withEnv(List.of(MARKER_ENV + "=" + marker))
                    .withCmd("timeout", "-s", "KILL", String.valueOf(timeoutSeconds + 1), "sh", "-c", command)
                    .exec().getId();
        } catch (ConflictException e) {
            throw notRunning();
        } catch (NotFoundException e) {
            throw new WorkspaceProblem(ProblemType.WORKSPACE_HAS_NO_CONTAINER,
                    "The workspace's container is gone from this node; start the workspace again.");
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker exec create failed");
            throw WorkspaceProblem.dockerFailed();
        }
        BoundedOutput output = new BoundedOutput(maxOutputBytes);
        long started = System.nanoTime();
        try (ExecExit exit = watchExit(containerId, execId)) {
            OutputCallback callback;
            try {
                callback = docker.client().execStartCmd(execId).withDetach(false).withTty(false)
                        .exec(new OutputCallback(output));
            } catch (ConflictException e) {
                throw notRunning();
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("reason", e.toString()).log("docker exec start failed");
                throw WorkspaceProblem.dockerFailed();
            }
            boolean timedOut = false;
            Integer exitCode;
            try {
                exitCode = awaitExit(exit, callback, execId, Duration.ofSeconds(timeoutSeconds));
                if (exitCode == null) {
                    timedOut = true;
                    reap(containerId, marker);
                    exitCode = awaitExit(exit, callback, execId, GUARD);
                }
                // Docker ends the attached output when the process exits: what is left arrives at once
                if (!callback.awaitCompletion(GUARD.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.atWarn().log("exec output did not end after the exec did; giving up on it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reap(containerId, marker);
                throw WorkspaceProblem.dockerFailed();
            } finally {
                closeQuietly(callback);
            }
            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            if (callback.error != null && !timedOut) {
                log.atWarn().addKeyValue("reason", callback.error.toString()).log("docker exec stream failed");
                reap(containerId, marker);
                throw WorkspaceProblem.dockerFailed();
            }
            if (exitCode == null && !timedOut) {
                // the command ended but Docker could not say how: an engine failure, not an exit code of null
                log.atWarn().log("docker reported no exit code for a finished exec");
                throw WorkspaceProblem.dockerFailed();
            }
            if (timedOut && exitCode != null && exitCode != KILLED && exitCode != TIMEOUT_STATUS) {
                // Docker reports 126 when the attached exec ends because its process was killed: the engine's
                // status, not the command's
                exitCode = null;
            }
            return new WorkspaceExecResult(exitCode, output.text(), output.truncated(), timedOut, durationMs);
        }
    }

    /**
     * Follows the engine's {@code exec_die} event of this exec, which carries its exit code: the exec is finished
     * when Docker says so, not when a number of polls ran out. Events from a second back are replayed, so an exec
     * that ends before the subscription is live is not missed.
     */
    private ExecExit watchExit(String containerId, String execId) {
        ExecExit exit = new ExecExit(execId);
        try {
            docker.client().eventsCmd().withContainerFilter(containerId).withEventFilter("exec_die")
                    .withSince(Long.toString(Instant.now().getEpochSecond() - 1)).exec(exit);
        } catch (RuntimeException e) {
            exit.onError(e);
        }
        return exit;
    }

    /**
     * The exec's exit code once it ended, or null if it is still running after {@code within}. Without the event
     * stream (the engine closed it) the end of the exec's output marks its end and Docker's record gives the code.
     */
    private Integer awaitExit(ExecExit exit, OutputCallback output, String execId, Duration within)
            throws InterruptedException {
        try {
            return exit.code.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            log.atWarn().addKeyValue("reason", String.valueOf(e.getCause()))
                    .log("docker events unavailable; taking the exit code from the exec's record");
            return output.awaitCompletion(within.toMillis(), TimeUnit.MILLISECONDS) ? recordedExitCode(execId) : null;
        }
    }

    private static WorkspaceProblem notRunning() {
        return new WorkspaceProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                "The workspace's container is not running; start the workspace first.");
    }

    /** The exit code Docker recorded for a finished exec; null if it has none (yet) or cannot be asked. */
    private Integer recordedExitCode(String execId) {
        try {
            InspectExecResponse exec = docker.client().inspectExecCmd(execId).exec();
            return Boolean.TRUE.equals(exec.isRunning()) || exec.getExitCodeLong() == null ? null
                    : exec.getExitCodeLong().intValue();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("could not inspect a finished exec");
            return null;
        }
    }

    /** Kills every process of the container that carries this exec's marker; runs as the container's user. */
    private void reap(String containerId, String marker) {
        try {
            String reaperId = docker.client().execCreateCmd(containerId).withAttachStdout(true)
                    .withAttachStderr(true).withCmd("sh", "-c", REAPER, "aicockpit-reaper", marker).exec().getId();
            boolean done = docker.client().execStartCmd(reaperId).withDetach(false)
                    .exec(new ResultCallback.Adapter<Frame>()).awaitCompletion(GUARD.toMillis(), TimeUnit.MILLISECONDS);
            log.atInfo().addKeyValue("reaped", done).log("timed-out exec killed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString())
                    .log("could not kill a timed-out exec; its timeout backstop still will");
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("closing an exec stream failed");
        }
    }

    /** Collects frames into the bounded output and remembers a broken stream. */
    private static final class OutputCallback extends ResultCallback.Adapter<Frame> {
        private final BoundedOutput output;
        volatile Throwable error;

        OutputCallback(BoundedOutput output) {
            this.output = output;
        }

        @Override
        public void onNext(Frame frame) {
            output.write(frame.getPayload());
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            super.onError(throwable);
        }
    }

    /** Completes with the exit code of the {@code exec_die} event of one exec; fails if the event stream does. */
    private static final class ExecExit extends ResultCallback.Adapter<Event> {
        private final String execId;
        final CompletableFuture<Integer> code = new CompletableFuture<>();

        ExecExit(String execId) {
            this.execId = execId;
        }

        @Override
        public void onNext(Event event) {
            Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
            if (attributes != null && execId.equals(attributes.get("execID"))) {
                String exitCode = attributes.get("exitCode");
                if (exitCode == null) {
                    code.completeExceptionally(new IllegalStateException("exec_die without exitCode"));
                } else {
                    code.complete(Integer.valueOf(exitCode));
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            code.completeExceptionally(throwable);
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            code.completeExceptionally(new IllegalStateException("docker events ended"));
            super.onComplete();
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException e) {
                log.atDebug().addKeyValue("reason", e.toString()).log("closing the exec event stream failed");
            }
        }
    }

    /** Keeps the first {@code cap} bytes and counts the rest. */
    static final class BoundedOutput {
        private final int cap;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;

        BoundedOutput(int cap) {
            this.cap = cap;
        }

        synchronized void write(byte[] bytes) {
            if (bytes == null) {
                return;
            }
            int room = (int) Math.max(0, cap - kept.size());
            kept.write(bytes, 0, Math.min(room, bytes.length));
            total += bytes.length;
        }

        synchronized boolean truncated() {
            return total > cap;
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }
}
