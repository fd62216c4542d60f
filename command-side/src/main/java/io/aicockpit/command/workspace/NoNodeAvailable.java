package io.aicockpit.command.workspace;

/** No live node that may run the workspace has room for it now. Answered 503 {@code no-node-available}. */
public class NoNodeAvailable extends RuntimeException {
    public NoNodeAvailable(String message) {
        super(message);
    }
}
