package io.aicockpit.aiworker.assist;

/** Another open file the editor sends as context for a completion. */
record Snippet(String path, String content) {}
