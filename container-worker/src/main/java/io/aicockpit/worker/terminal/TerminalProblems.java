package io.aicockpit.worker.terminal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Writes a refusal as {@code application/problem+json} the way the module's other APIs do (type and title from the
 * platform's catalogue, status, detail, requestId), also where no MVC advice runs: before a
 * WebSocket upgrade.
 */
final class TerminalProblems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TerminalProblems() {}

    static WorkspaceAccessCheck.Refused terminalNotFound() {
        return new WorkspaceAccessCheck.Refused(ProblemType.TERMINAL_NOT_FOUND,
                "No such terminal of yours in this workspace on this node; it may have ended or expired.", null);
    }

    static WorkspaceAccessCheck.Refused invalid(String field, String reason) {
        return new WorkspaceAccessCheck.Refused(ProblemType.INVALID_REQUEST, field + " " + reason, null);
    }

    static Map<String, Object> body(WorkspaceAccessCheck.Refused refused, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", refused.type().uri().toString());
        body.put("title", refused.type().title());
        body.put("status", refused.status());
        body.put("detail", refused.getMessage());
        body.put("requestId", requestId);
        return body;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, WorkspaceAccessCheck.Refused refused)
            throws IOException {
        String requestId = WorkspaceAccessCheck.requestId(request, response);
        response.setStatus(HttpStatus.valueOf(refused.status()).value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (refused.retryAfterSeconds() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfterSeconds()));
        }
        response.getOutputStream().write(JSON.writeValueAsBytes(body(refused, requestId)));
        response.flushBuffer();
    }
}
