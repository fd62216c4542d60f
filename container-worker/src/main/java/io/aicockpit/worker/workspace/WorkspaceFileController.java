package io.aicockpit.worker.workspace;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/workspaces/{workspaceId}/files/content?path=&maxBytes=}: the first {@code maxBytes} bytes of
 * one regular file under {@code /workspace}, streamed, with its full size and whether it was cut in headers.
 */
@RestController
class WorkspaceFileController {
    static final String SIZE_HEADER = "X-AiCockpit-File-Size";
    static final String TRUNCATED_HEADER = "X-AiCockpit-File-Truncated";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFileController.class);

    private final WorkspaceGate gate;
    private final WorkspaceFileReader reader;
    private final long maxReadBytes;
    private final MeterRegistry meters;

    WorkspaceFileController(WorkspaceGate gate, WorkspaceFileReader reader, ContainerWorkerProperties props,
                            MeterRegistry meters) {
        this.gate = gate;
        this.reader = reader;
        this.maxReadBytes = props.files().maxReadBytes().toBytes();
        this.meters = meters;
    }

    @GetMapping("/api/v1/workspaces/{workspaceId}/files/content")
    void content(@PathVariable String workspaceId, @RequestParam(required = false) String path,
                 @RequestParam(required = false) String maxBytes, HttpServletRequest request,
                 HttpServletResponse response) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath file = WorkspacePath.parse(path);
            long limit = limit(maxBytes);
            WorkspaceGate.WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
            try (WorkspaceFileReader.OpenFile open = reader.open(target.containerId(), file)) {
                boolean truncated = open.size() > limit;
                response.setStatus(200);
                response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
                response.setContentLengthLong(Math.min(open.size(), limit));
                response.setHeader(SIZE_HEADER, String.valueOf(open.size()));
                response.setHeader(TRUNCATED_HEADER, String.valueOf(truncated));
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("X-Content-Type-Options", "nosniff");
                long sent;
                try {
                    OutputStream out = response.getOutputStream();
                    sent = open.copyTo(out, limit);
                    out.flush();
                } catch (IOException e) {
                    // the status is sent already; the caller sees a body shorter than its Content-Length
                    outcome = "aborted";
                    log.atWarn().addKeyValue("reason", e.toString()).log("workspace file read broke off");
                    return;
                }
                outcome = truncated ? "truncated" : "ok";
                log.atInfo().addKeyValue("fileSize", open.size()).addKeyValue("sentBytes", sent)
                        .addKeyValue("truncated", truncated).log("workspace file read");
            }
        } catch (WorkspaceProblem problem) {
            outcome = problem.kind;
            if (problem.status >= 400 && problem.status < 500 && problem.status != 404) {
                log.atWarn().addKeyValue("problem", problem.kind).log("workspace file read refused");
            }
            throw problem;
        } finally {
            sample.stop(Timer.builder("aicockpit.workspace.file.read").tag("outcome", outcome).register(meters));
        }
    }

    private long limit(String maxBytes) {
        if (maxBytes == null || maxBytes.isBlank()) {
            return maxReadBytes;
        }
        long value;
        try {
            value = Long.parseLong(maxBytes.strip());
        } catch (NumberFormatException e) {
            throw WorkspaceProblem.invalid("invalid-request", "maxBytes", "must be an integer");
        }
        if (value < 1 || value > maxReadBytes) {
            throw WorkspaceProblem.invalid("invalid-request", "maxBytes", "must be between 1 and " + maxReadBytes);
        }
        return value;
    }
}
