package io.aicockpit.worker.terminal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkerDockerClients;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs terminal shells as interactive TTY execs in workspace containers (docker-java over the hijacked exec
 * connection): as the container's configured user, in {@code /workspace}, with {@code TERM=xterm-256color} and
 * {@code LANG=C.UTF-8}, the user's login shell from {@code /etc/passwd} (else {@code /bin/sh}). Has its own Docker
 * client, because each shell holds a connection for its whole life and must never hit a response timeout.
 *
 * <p>Docker cannot kill an exec, so every process of a shell inherits a marker variable ({@value #MARKER_ENV}) and
 * {@link DockerShell#kill} kills the sessions of the processes that carry it, from a second exec.
 */
@Component
class DockerTerminalShells implements TerminalShell.Launcher, DisposableBean {
    static final String MARKER_ENV = "AICOCKPIT_TERMINAL_ID";
    private static final Logger log = LoggerFactory.getLogger(DockerTerminalShells.class);
    private static final int STDIN_BUFFER = 64 * 1024;
    /** Sets the initial size on the pty itself (no size can be given at exec create), then becomes the login shell. */
    private static final String SHELL = "stty cols \"$1\" rows \"$2\" 2>/dev/null;"
            + " s=$(awk -F: -v u=\"$(id -u)\" '$3==u{print $7; exit}' /etc/passwd 2>/dev/null);"
            + " case \"$s\" in */nologin|*/false|'') s=/bin/sh;; esac; [ -x \"$s\" ] || s=/bin/sh;"
            + " export SHELL=\"$s\"; exec \"$s\" -l";
    /** Kills every process in the sessions of the processes carrying the marker; sessions 0 and 1 never. */
    private static final String REAPER = "m=\"" + MARKER_ENV + "=$1\"; sids='';"
            + " sid() { sed 's/.*) //' \"$1/stat\" 2>/dev/null | cut -d' ' -f4; };"
            + " for d in /proc/[0-9]*; do"
            + " if tr '\\0' '\\n' 2>/dev/null < \"$d/environ\" | grep -qxF \"$m\"; then"
            + " s=$(sid \"$d\"); case \"$s\" in ''|0|1) ;; *) sids=\"$sids $s\";; esac; fi; done;"
            + " for d in /proc/[0-9]*; do s=$(sid \"$d\"); for x in $sids; do"
            + " if [ \"$s\" = \"$x\" ]; then kill -9 \"${d#/proc/}\" 2>/dev/null; fi; done; done; true";

    private final WorkspaceDocker docker;
    private final long inputTimeoutMillis;

    DockerTerminalShells(ContainerWorkerProperties worker, TerminalProperties props) {
        // one connection per shell plus room for resize, inspect and kill calls
        this.docker = WorkerDockerClients.createForTerminals(worker, props.maxPerNode() + 16);
        this.inputTimeoutMillis = props.inputTimeout().toMillis();
    }

    @Override
    public TerminalShell start(String containerId, String terminalId, int cols, int rows,
                               TerminalShell.Listener listener) {
        DockerClient client = docker.client();
        String execId;
        try {
            execId = client.execCreateCmd(containerId).withTty(true).withAttachStdin(true).withAttachStdout(true)
                    .withAttachStderr(true).withWorkingDir(WorkspaceContainerNames.WORKSPACE_DIR)
                    .withEnv(List.of("TERM=xterm-256color", "LANG=C.UTF-8", MARKER_ENV + "=" + terminalId))
                    .withCmd("sh", "-c", SHELL, "aicockpit-terminal", String.valueOf(cols), String.valueOf(rows))
                    .exec().getId();
        } catch (ConflictException e) {
            throw new WorkspaceAccessCheck.Refused(ProblemType.WORKSPACE_NOT_RUNNING,
                    "The workspace's container is not running; start the workspace first.", null);
        } catch (NotFoundException e) {
            throw new WorkspaceAccessCheck.Refused(ProblemType.WORKSPACE_HAS_NO_CONTAINER,
                    "The workspace's container is gone from this node; start the workspace again.", null);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("terminal exec create failed");
            throw dockerFailed();
        }
        TerminalStdin stdin = new TerminalStdin(STDIN_BUFFER);
        DockerShell shell = new DockerShell(containerId, terminalId, execId, stdin, listener);
        try {
            client.execStartCmd(execId).withTty(true).withDetach(false).withStdIn(stdin).exec(shell.callback);
        } catch (RuntimeException e) {
            stdin.close();
            log.atWarn().addKeyValue("reason", e.toString()).log("terminal exec start failed");
            throw dockerFailed();
        }
        return shell;
    }

    private static WorkspaceAccessCheck.Refused dockerFailed() {
        return new WorkspaceAccessCheck.Refused(ProblemType.DOCKER_FAILED,
                "The node's container engine did not answer as expected; retry shortly.", null);
    }

    @Override
    public void destroy() throws IOException {
        docker.close();
    }

    /** One exec: its stdin, its output stream and how it ended. */
    private final class DockerShell implements TerminalShell {
        private final String containerId;
        private final String terminalId;
        private final String execId;
        private final TerminalStdin stdin;
        private final TerminalShell.Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        final ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                if (payload != null && payload.length > 0) {
                    listener.output(payload);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                ending(throwable);
            }

            @Override
            public void onComplete() {
                ending(null);
            }
        };

        DockerShell(String containerId, String terminalId, String execId, TerminalStdin stdin,
                    TerminalShell.Listener listener) {
            this.containerId = containerId;
            this.terminalId = terminalId;
            this.execId = execId;
            this.stdin = stdin;
            this.listener = listener;
        }

        @Override
        public boolean write(byte[] input) throws InterruptedException {
            return stdin.offer(input, inputTimeoutMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void resize(int cols, int rows) {
            try {
                docker.client().resizeExecCmd(execId).withSize(rows, cols).exec();
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("terminalId", terminalId).addKeyValue("reason", e.toString())
                        .log("terminal resize failed");
            }
        }

        @Override
        public void kill() {
            try {
                String reaperId = docker.client().execCreateCmd(containerId).withAttachStdout(true)
                        .withAttachStderr(true).withCmd("sh", "-c", REAPER, "aicockpit-reaper", terminalId)
                        .exec().getId();
                docker.client().execStartCmd(reaperId).withDetach(false).exec(new ResultCallback.Adapter<Frame>())
                        .awaitCompletion(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (NotFoundException | ConflictException e) {
                // the container is gone or stopped: so is the shell
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("terminalId", terminalId).addKeyValue("reason", e.toString())
                        .log("could not kill a terminal shell");
            }
        }

        /**
         * The stream ended. The rest happens on a thread of its own: docker-java interrupts its stream thread once the
         * stream is done, and Docker calls or socket sends made from it fail with a {@code CancellationException}.
         */
        private void ending(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                stdin.close();
                Thread.ofVirtual().name("terminal-end-" + terminalId).start(() -> finish(error));
            }
        }

        /** Tells the listener once, with the exit code and whether the container stopped. */
        private void finish(Throwable error) {
            try {
                callback.close();
            } catch (IOException e) {
                log.atDebug().addKeyValue("reason", e.toString()).log("closing a terminal stream failed");
            }
            Integer exitCode = exitCode();
            String reason;
            boolean killedBySignal = exitCode == null || exitCode > 128 || exitCode < 0;
            if (!containerRunning(killedBySignal ? 10 : 1)) {
                reason = WORKSPACE_STOPPED;
            } else if (error != null) {
                log.atWarn().addKeyValue("terminalId", terminalId).addKeyValue("reason", error.toString())
                        .log("terminal stream failed");
                reason = STREAM_FAILED;
            } else {
                reason = SHELL_EXITED;
            }
            listener.ended(exitCode, reason);
        }

        /** Docker records the exit code just after the stream ends; look a few times, briefly. */
        private Integer exitCode() {
            for (int attempt = 0; attempt < 40; attempt++) {
                try {
                    InspectExecResponse exec = docker.client().inspectExecCmd(execId).exec();
                    if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                        return exec.getExitCodeLong().intValue();
                    }
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                } catch (RuntimeException e) {
                    log.atDebug().addKeyValue("reason", e.toString()).log("could not inspect a finished terminal exec");
                    return null;
                }
            }
            return null;
        }

        /**
         * Whether the container still runs. A stop kills the shell a moment before the engine marks the container
         * stopped, so a shell that died by a signal gets a second look shortly after.
         */
        private boolean containerRunning(int looks) {
            for (int attempt = 0; attempt < looks; attempt++) {
                try {
                    InspectContainerResponse container = docker.client().inspectContainerCmd(containerId).exec();
                    InspectContainerResponse.ContainerState state = container.getState();
                    boolean running = state != null && Boolean.TRUE.equals(state.getRunning())
                            && !Boolean.TRUE.equals(state.getRestarting());
                    if (!running) {
                        return false;
                    }
                    if (attempt + 1 < looks) {
                        Thread.sleep(100);
                    }
                } catch (NotFoundException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                } catch (RuntimeException e) {
                    return true;
                }
            }
            return true;
        }
    }
}
