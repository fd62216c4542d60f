package io.aicockpit.query.tenant;

import io.aicockpit.query.web.TrustedCaller;
import io.aicockpit.support.problem.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/tenant}: the caller's own tenant's quotas and use (developers need the limits for the create
 * form). {@code GET /api/v1/tenants/{tenantId}}: any tenant, for platform operators only. Use counts every
 * PROVISIONING or RUNNING workspace of the tenant, as the quota check does.
 */
@RestController
class TenantQueryController {

    private final TenantViewReader reader;

    TenantQueryController(TenantViewReader reader) {
        this.reader = reader;
    }

    @GetMapping("/api/v1/tenant")
    TenantView own(TrustedCaller caller) {
        caller.requireAnyRole("the tenant's quotas", "ORG_ADMIN", "DEVELOPER", "AUDITOR");
        return find(caller.tenantId().value());
    }

    @GetMapping("/api/v1/tenants/{tenantId}")
    TenantView any(TrustedCaller caller, @PathVariable String tenantId) {
        caller.requireAnyRole("other tenants", "PLATFORM_OPERATOR");
        return find(tenantId);
    }

    private TenantView find(String tenantId) {
        return reader.find(tenantId).orElseThrow(() -> notFound(tenantId));
    }

    private static ErrorResponseException notFound(String tenantId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Tenant " + tenantId + " does not exist.");
        problem.setType(ProblemType.TENANT_NOT_FOUND.uri());
        problem.setTitle(ProblemType.TENANT_NOT_FOUND.title());
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }
}
