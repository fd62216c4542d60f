package io.aicockpit.worker.volume;

/** A workspace volume could not be made, attached or released; the message says which step and why. */
public class WorkspaceVolumeException extends RuntimeException {
    public WorkspaceVolumeException(String message) {
        super(message);
    }

    public WorkspaceVolumeException(String message, Throwable cause) {
        super(message, cause);
    }
}
