package io.aicockpit.worker.workspace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/workspaces/{workspaceId}/exec} {@code {"command": "...", "timeoutSeconds": 60}}: runs the
 * command in the workspace's running container and answers its exit code and (capped) output.
 */
@RestController
class WorkspaceExecController {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceExecController.class);

    private final WorkspaceGate gate;
    private final WorkspaceExecRunner runner;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    WorkspaceExecController(WorkspaceGate gate, WorkspaceExecRunner runner, ObjectMapper json, MeterRegistry meters) {
        this.gate = gate;
        this.runner = runner;
        this.json = json;
        this.meters = meters;
    }

    @PostMapping(path = "/api/v1/workspaces/{workspaceId}/exec", produces = MediaType.APPLICATION_JSON_VALUE)
    WorkspaceExecResult exec(@PathVariable String workspaceId, HttpServletRequest request,
                             HttpServletResponse response) throws Exception {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            InternalIdentity caller = gate.caller(request, response);
            WorkspaceExecRequest body;
            try (InputStream in = request.getInputStream()) {
                body = WorkspaceExecRequest.read(in, json);
            } catch (IOException e) {
                throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "body", "could not be read");
            }
            WorkspaceGate.WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
            if (!target.running()) {
                throw new WorkspaceProblem(ProblemType.WORKSPACE_NOT_RUNNING,
                        "The workspace's container is not running; start the workspace first.");
            }
            WorkspaceExecResult result;
            try (AutoCloseable slot = runner.slot()) {
                log.atInfo().addKeyValue("commandChars", body.command().length())
                        .addKeyValue("timeoutSeconds", body.timeoutSeconds()).log("workspace exec started");
                result = runner.run(target.containerId(), body.command(), body.timeoutSeconds());
            }
            outcome = result.timedOut() ? "timed-out" : "ok";
            log.atInfo().addKeyValue("exitCode", result.exitCode()).addKeyValue("durationMs", result.durationMs())
                    .addKeyValue("outputChars", result.output().length()).addKeyValue("truncated", result.truncated())
                    .addKeyValue("timedOut", result.timedOut()).log("workspace exec finished");
            return result;
        } catch (WorkspaceProblem problem) {
            outcome = problem.type.kind();
            if (problem.type.status() != 404) {
                log.atWarn().addKeyValue("problem", problem.type.kind()).log("workspace exec refused");
            }
            throw problem;
        } finally {
            sample.stop(Timer.builder("aicockpit.workspace.exec").tag("outcome", outcome).register(meters));
        }
    }
}
