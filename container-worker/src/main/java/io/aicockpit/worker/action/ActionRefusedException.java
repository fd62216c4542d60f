package io.aicockpit.worker.action;

/** The worker will not do what an action asks; the message is safe to show the workspace's tenant. */
class ActionRefusedException extends RuntimeException {
    ActionRefusedException(String message) {
        super(message);
    }
}
