package io.aicockpit.worker.terminal;

import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Decides {@code GET .../terminal} before the upgrade, so every refusal is a plain problem+json answer and never a
 * 101: the workspace gate (401/403/404), the size parameters (400), reattach to the caller's own terminal only (404
 * {@code terminal-not-found}), a new shell only in a running container (409) and within the caps (429). A new shell
 * starts here, so Docker's refusals are answered before the upgrade too; if the upgrade then fails, the shell is
 * killed in {@link #afterHandshake}.
 */
@Component
class TerminalHandshakeInterceptor implements HandshakeInterceptor {
    static final String SESSION = TerminalHandshakeInterceptor.class.getName() + ".session";
    static final String REATTACHED = TerminalHandshakeInterceptor.class.getName() + ".reattached";
    static final String RESIZE = TerminalHandshakeInterceptor.class.getName() + ".resize";
    /** Servlet request attribute: the shell started for this upgrade, killed again if the upgrade fails. */
    private static final String NEW_SESSION = TerminalHandshakeInterceptor.class.getName() + ".newSession";
    static final String UPGRADE_FAILED = "upgrade failed";
    static final String AUDIT_HEADER = "X-AiCockpit-Audit-Detail";
    static final int DEFAULT_COLS = 80;
    static final int DEFAULT_ROWS = 24;
    private static final Pattern PATH = Pattern.compile("/api/v1/workspaces/([^/]+)/terminal");
    private static final Logger log = LoggerFactory.getLogger(TerminalHandshakeInterceptor.class);

    private final WorkspaceAccessCheck access;
    private final TerminalRegistry registry;

    TerminalHandshakeInterceptor(WorkspaceAccessCheck access, TerminalRegistry registry) {
        this.access = access;
        this.registry = registry;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) throws IOException {
        HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        try {
            Matcher path = PATH.matcher(servletRequest.getRequestURI());
            if (!path.matches()) {
                throw new WorkspaceAccessCheck.Refused(ProblemType.NOT_FOUND, "No terminal endpoint here.", null);
            }
            WorkspaceAccessCheck.Granted granted = access.check(servletRequest, servletResponse, path.group(1));
            Integer cols = size(servletRequest, "cols");
            Integer rows = size(servletRequest, "rows");
            String terminalId = servletRequest.getParameter("terminalId");
            TerminalSession session;
            boolean reattached = terminalId != null;
            if (reattached) {
                session = registry.find(granted.caller().tenantId(), granted.workspaceId(),
                        granted.caller().subject(), validId(terminalId)).orElseThrow(TerminalProblems::terminalNotFound);
                if (cols != null || rows != null) {
                    attributes.put(RESIZE, new int[] {cols == null ? DEFAULT_COLS : cols,
                            rows == null ? DEFAULT_ROWS : rows});
                }
            } else {
                if (!granted.running()) {
                    throw new WorkspaceAccessCheck.Refused(ProblemType.WORKSPACE_NOT_RUNNING,
                            "The workspace's container is not running; start the workspace first.", null);
                }
                registry.requireRoom(granted.caller().tenantId(), granted.caller().subject());
                if (!"websocket".equalsIgnoreCase(servletRequest.getHeader("Upgrade"))) {
                    throw new WorkspaceAccessCheck.Refused(ProblemType.WEBSOCKET_NOT_SUPPORTED,
                            "The terminal is a WebSocket: send an upgrade request.", null);
                }
                session = registry.open(granted, cols == null ? DEFAULT_COLS : cols,
                        rows == null ? DEFAULT_ROWS : rows);
                servletRequest.setAttribute(NEW_SESSION, session);
            }
            attributes.put(SESSION, session);
            attributes.put(REATTACHED, reattached);
            // the gateway audits the upgrade; this says which terminal it was
            servletResponse.setHeader(AUDIT_HEADER,
                    "{\"terminalId\":\"" + session.id + "\",\"reattached\":" + reattached + "}");
            return true;
        } catch (WorkspaceAccessCheck.Refused refused) {
            if (refused.status() != 404 && refused.status() != 401) {
                log.atWarn().addKeyValue("problem", refused.kind()).log("terminal refused");
            }
            TerminalProblems.write(servletRequest, servletResponse, refused);
            return false;
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
        HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
        HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
        if (exception == null && servletResponse.getStatus() == HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            return;
        }
        if (servletRequest.getAttribute(NEW_SESSION) instanceof TerminalSession started) {
            registry.close(started, UPGRADE_FAILED);
            try (var context = TerminalLogContext.of(started)) {
                log.atWarn().addKeyValue("status", servletResponse.getStatus())
                        .log("terminal upgrade failed; shell killed");
            }
        }
    }

    private static Integer size(HttpServletRequest request, String name) {
        String raw = request.getParameter(name);
        if (raw == null) {
            return null;
        }
        int max = name.equals("cols") ? TerminalFrames.MAX_COLS : TerminalFrames.MAX_ROWS;
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw TerminalProblems.invalid(name, "must be an integer between 1 and " + max);
    }

    private static String validId(String terminalId) {
        try {
            return UUID.fromString(terminalId).toString().equals(terminalId) ? terminalId : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
