package io.aicockpit.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AuditedPathTest {
    private static final Set<String> FIXED = Set.of("audit", "usage");

    @Test
    void templatesTheResourceIdAndNamesTheResource() {
        assertThat(AuditedPath.of("POST", "/api/v1/workspaces/3f0c1a9e-8a53-4a77-9b87-1f0e2d3c4b5a/start", FIXED))
                .isEqualTo(new AuditedPath("POST /api/v1/workspaces/{id}/start", "workspaces",
                        "3f0c1a9e-8a53-4a77-9b87-1f0e2d3c4b5a"));
        assertThat(AuditedPath.of("PUT", "/api/v1/tenants/acme", FIXED))
                .isEqualTo(new AuditedPath("PUT /api/v1/tenants/{id}", "tenants", "acme"));
        assertThat(AuditedPath.of("POST", "/api/v1/workspaces", FIXED))
                .isEqualTo(new AuditedPath("POST /api/v1/workspaces", "workspaces", null));
    }

    @Test
    void namesNestedCollectionsWithTheirNamespace() {
        assertThat(AuditedPath.of("POST",
                "/api/v1/integrations/credentials/3f0c1a9e-8a53-4a77-9b87-1f0e2d3c4b5a/rotate", FIXED))
                .isEqualTo(new AuditedPath("POST /api/v1/integrations/credentials/{id}/rotate",
                        "integrations.credentials", "3f0c1a9e-8a53-4a77-9b87-1f0e2d3c4b5a"));
        assertThat(AuditedPath.of("POST", "/api/v1/integrations/credentials", FIXED))
                .isEqualTo(new AuditedPath("POST /api/v1/integrations/credentials", "integrations.credentials",
                        null));
    }

    @Test
    void keepsFixedSubPathsAndTemplatesIdLikeDeeperSegments() {
        assertThat(AuditedPath.of("GET", "/api/v1/audit/verify", FIXED))
                .isEqualTo(new AuditedPath("GET /api/v1/audit/verify", "audit", null));
        assertThat(AuditedPath.of("DELETE", "/api/v1/ai-services/svc-1/keys/12345", FIXED).action())
                .isEqualTo("DELETE /api/v1/ai-services/{id}/keys/{id}");
    }

    @Test
    void marksAiRequests() {
        assertThat(AuditedPath.of("POST", "/v1/chat/completions", FIXED))
                .isEqualTo(new AuditedPath("POST /v1/chat/completions", "ai", null));
    }
}
