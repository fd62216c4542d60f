package io.aicockpit.worker.terminal;

import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers the terminal REST calls' refusals as problem+json, exactly like the handshake's. */
@RestControllerAdvice(assignableTypes = TerminalController.class)
class TerminalProblemAdvice {

    @ExceptionHandler(WorkspaceAccessCheck.Refused.class)
    ResponseEntity<Map<String, Object>> refused(WorkspaceAccessCheck.Refused refused, HttpServletRequest request,
                                                HttpServletResponse response) {
        HttpHeaders headers = new HttpHeaders();
        if (refused.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfterSeconds()));
        }
        return ResponseEntity.status(refused.status()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(TerminalProblems.body(refused, WorkspaceAccessCheck.requestId(request, response)));
    }
}
