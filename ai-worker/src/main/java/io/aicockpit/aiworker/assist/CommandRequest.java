package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistValidation.require;

/** A terminal request in plain words, for the shell and directory it would run in. */
record CommandRequest(String request, String shell, String cwd) {
    CommandRequest {
        shell = shell == null || shell.isBlank() ? "sh" : shell;
    }

    /** This request when it is one the assist serves; else the 400 or 413 naming what is wrong. */
    CommandRequest validated() {
        require(request != null && !request.isBlank(), "request", "'request' is required.");
        require(!shell.contains("\n"), "shell", "'shell' must be a shell name.");
        AssistValidation.capped(CompletionRequest.utf8(request) + CompletionRequest.utf8(cwd));
        return this;
    }
}
