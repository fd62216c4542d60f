package io.aicockpit.command.integration;

import io.aicockpit.command.web.CallerIdentity;
import io.aicockpit.coreapi.common.TenantId;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platform operators offboard a tenant's integrations: {@code DELETE /api/v1/tenants/{tenantId}/integrations}
 * revokes every credential at once and deletes the tenant's public topics after {@code topicGracePeriod} (ISO-8601,
 * default 7 days, at most 90 days; {@code PT0S} deletes them now).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenantId}/integrations")
class TenantIntegrationOffboardingController {
    static final Duration MAX_GRACE = Duration.ofDays(90);

    private final TenantIntegrationOffboarding offboarding;
    private final IntegrationProperties properties;

    TenantIntegrationOffboardingController(TenantIntegrationOffboarding offboarding, IntegrationProperties properties) {
        this.offboarding = offboarding;
        this.properties = properties;
    }

    @DeleteMapping
    ResponseEntity<TenantIntegrationOffboarding.Offboarded> offboard(CallerIdentity caller,
            @PathVariable String tenantId, @RequestParam(required = false) String topicGracePeriod) {
        caller.requireOperator();
        if (!TenantId.isValid(tenantId)) {
            throw new InvalidOffboarding("not a tenant id: " + tenantId);
        }
        Duration grace = properties.offboardingTopicGrace();
        if (topicGracePeriod != null) {
            try {
                grace = Duration.parse(topicGracePeriod);
            } catch (DateTimeParseException e) {
                throw new InvalidOffboarding("topicGracePeriod must be an ISO-8601 duration such as P7D or PT0S");
            }
        }
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new InvalidOffboarding("topicGracePeriod must be between PT0S and P90D");
        }
        return ResponseEntity.accepted().body(offboarding.offboard(new TenantId(tenantId), grace, caller.actor()));
    }
}
