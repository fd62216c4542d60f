package io.aicockpit.worker.terminal;

import org.slf4j.MDC;

/**
 * Puts a terminal's {@code tenantId}, {@code workspaceId} and {@code terminalId} into the MDC for the log lines
 * written inside it, and restores what was there before. Terminal events happen on request, socket, Docker and
 * housekeeping threads; only the first have the request's MDC, and writing the same keys again as key-values would
 * duplicate them in the structured log.
 */
final class TerminalLogContext implements AutoCloseable {
    private static final String[] KEYS = {"tenantId", "workspaceId", "terminalId"};
    private final String[] previous = new String[KEYS.length];

    private TerminalLogContext(TerminalSession session) {
        String[] values = {session.tenant.value(), session.workspaceId.toString(), session.id};
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
            MDC.put(KEYS[i], values[i]);
        }
    }

    static TerminalLogContext of(TerminalSession session) {
        return new TerminalLogContext(session);
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            if (previous[i] == null) {
                MDC.remove(KEYS[i]);
            } else {
                MDC.put(KEYS[i], previous[i]);
            }
        }
    }
}
