package io.aicockpit.query.aiservice;

import io.aicockpit.query.web.TrustedCaller;
import io.aicockpit.support.problem.ProblemType;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Org admins read their tenant's AI services. Removed services are gone here; another tenant's service is the
 * same 404 as a missing one. The catalogue is small (a handful of services), so the list is not paged.
 */
@RestController
@RequestMapping("/api/v1/ai-services")
class AiServiceQueryController {

    private final AiServiceViewReader reader;

    AiServiceQueryController(AiServiceViewReader reader) {
        this.reader = reader;
    }

    record AiServiceList(List<AiServiceView> items) {}

    @GetMapping
    AiServiceList list(TrustedCaller caller) {
        caller.requireAnyRole("AI services", "ORG_ADMIN");
        return new AiServiceList(reader.list(caller.tenantId()));
    }

    @GetMapping("/{aiServiceId}")
    AiServiceView get(TrustedCaller caller, @PathVariable UUID aiServiceId) {
        caller.requireAnyRole("AI services", "ORG_ADMIN");
        return reader.find(caller.tenantId(), aiServiceId).orElseThrow(() -> notFound(aiServiceId));
    }

    private static ErrorResponseException notFound(UUID id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "AI service " + id + " does not exist.");
        problem.setType(ProblemType.AI_SERVICE_NOT_FOUND.uri());
        problem.setTitle(ProblemType.AI_SERVICE_NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
