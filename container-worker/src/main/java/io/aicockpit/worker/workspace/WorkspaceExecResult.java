package io.aicockpit.worker.workspace;

/**
 * The answer of {@code POST .../exec}.
 *
 * @param exitCode   the command's exit status, null when it could not be observed (e.g. still being killed)
 * @param output     stdout and stderr interleaved as produced, UTF-8 (malformed bytes replaced)
 * @param truncated  whether output beyond the node's cap was discarded
 * @param timedOut   whether the command was killed at its timeout
 * @param durationMs from start to the end of its output
 */
record WorkspaceExecResult(Integer exitCode, String output, boolean truncated, boolean timedOut, long durationMs) {}
