package io.aicockpit.worker.terminal;

/**
 * One running interactive shell behind a terminal session; the session never sees Docker. Kept as a seam so the
 * session and registry rules (grace, replay, caps) are tested without a container.
 */
interface TerminalShell {

    /** Why a shell ended, as the {@code exit} frame's {@code reason} says it. */
    String SHELL_EXITED = "shell exited";
    String WORKSPACE_STOPPED = "workspace stopped";
    String STREAM_FAILED = "terminal stream failed";

    /** Receives a shell's output and its end, in order, from one thread. */
    interface Listener {
        void output(byte[] bytes);

        /**
         * The shell is gone.
         *
         * @param exitCode its exit status when Docker knows it, else null
         * @param reason   one of the reasons above
         */
        void ended(Integer exitCode, String reason);
    }

    /** Starts shells; {@link #start} throws {@code WorkspaceAccessCheck.Refused} when the container will not run one. */
    interface Launcher {
        TerminalShell start(String containerId, String terminalId, int cols, int rows, Listener listener);
    }

    /**
     * Queues input for the shell, waiting for the shell to read earlier input up to the configured input timeout.
     *
     * @return false when the input was (partly) dropped because the shell did not read it in time
     */
    boolean write(byte[] input) throws InterruptedException;

    void resize(int cols, int rows);

    /** Kills the shell and every process it started; {@link Listener#ended} follows. */
    void kill();
}
