package io.aicockpit.aiworker.assist;

/** A terminal request in plain words, for the shell and directory it would run in. */
record CommandRequest(String request, String shell, String cwd) {
    CommandRequest {
        shell = shell == null || shell.isBlank() ? "sh" : shell;
    }
}
