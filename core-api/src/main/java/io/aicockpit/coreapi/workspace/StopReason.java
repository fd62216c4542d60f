package io.aicockpit.coreapi.workspace;

/** Why a workspace was asked to stop. */
public enum StopReason {
    /** A person or an integration asked for it. */
    REQUESTED,
    /** Nobody used it for longer than its tenant's idle timeout (after a warning). */
    IDLE
}
