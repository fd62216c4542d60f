package io.aicockpit.query.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantIdleTimeoutChanged;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.tenant.TenantQuotasChanged;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

@QuerySideTest
class TenantViewIT {
    static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    static final Actor OPERATOR = new Actor("olga", "Olga", ActorType.USER);
    static final long MIB = ResourceLimits.MIB;
    static final ResourceLimits DEFAULTS = new ResourceLimits(512 * MIB, 0, 1_000_000_000L, 256);
    static final ResourceLimits MAX = new ResourceLimits(2048 * MIB, 512 * MIB, 2_000_000_000L, 1024);

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenant = TenantId.of("tq-" + UUID.randomUUID().toString().substring(0, 8));

    @Autowired
    TestRestTemplate http;

    @Test
    void showsQuotasIdleTimeoutAndUseOfRunningAndProvisioningWorkspaces() {
        store.append(new TenantCreated(tenant, "Acme", new TenantQuotas(3, DEFAULTS, MAX), OPERATOR), T0);
        WorkspaceId running = workspace(T0);
        store.append(new WorkspaceStartRequested(running, tenant, ActionId.random(), "python_311", "img", MAX,
                OPERATOR), T0);
        store.append(new WorkspaceStarted(running, tenant, ActionId.random(), NodeId.of("node-1"), "c1"), T0);
        WorkspaceId provisioning = workspace(T0);
        store.append(new WorkspaceStartRequested(provisioning, tenant, ActionId.random(), "python_311", "img",
                DEFAULTS, OPERATOR), T0);
        workspace(T0); // stopped: holds nothing
        store.append(new TenantQuotasChanged(tenant, new TenantQuotas(5, DEFAULTS, MAX), OPERATOR), T0);
        long last = store.append(new TenantIdleTimeoutChanged(tenant, null, OPERATOR), T0);

        JsonNode view = awaitVersionAndUse(last, 2);

        assertThat(view.get("tenantId").asText()).isEqualTo(tenant.value());
        assertThat(view.get("name").asText()).isEqualTo("Acme");
        assertThat(view.get("quotas").get("maxRunningWorkspaces").asInt()).isEqualTo(5);
        assertThat(view.get("quotas").get("defaultLimits").get("memoryBytes").asLong()).isEqualTo(512 * MIB);
        assertThat(view.get("quotas").get("maxLimits").get("nanoCpus").asLong()).isEqualTo(2_000_000_000L);
        assertThat(view.get("quotas").get("maxLimits").get("swapBytes").asLong()).isEqualTo(512 * MIB);
        assertThat(view.get("quotas").get("maxLimits").get("pids").asLong()).isEqualTo(1024);
        assertThat(view.get("idleTimeoutSeconds").isNull()).isTrue();
        assertThat(view.get("usage").get("runningWorkspaces").asLong()).isEqualTo(2);
        assertThat(view.get("usage").get("nanoCpus").asLong()).isEqualTo(3_000_000_000L);
        assertThat(view.get("usage").get("memoryBytes").asLong()).isEqualTo(2560 * MIB);
        // developers need the limits for the create form; auditors read them too
        assertThat(get("/api/v1/tenant", headers(tenant, "DEVELOPER")).getBody().get("quotas")
                .get("maxRunningWorkspaces").asInt()).isEqualTo(5);
        assertThat(get("/api/v1/tenant", headers(tenant, "AUDITOR")).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aNewTenantHasTheDefaultIdleTimeoutAndNoUse() {
        long created = store.append(new TenantCreated(tenant, "Fresh", new TenantQuotas(1, DEFAULTS, MAX), OPERATOR),
                T0);
        JsonNode view = awaitVersionAndUse(created, 0);
        assertThat(view.get("idleTimeoutSeconds").asLong()).isEqualTo(1800);
        assertThat(view.get("usage").get("runningWorkspaces").asLong()).isZero();
        assertThat(view.get("usage").get("memoryBytes").asLong()).isZero();
    }

    @Test
    void neverShowsAnotherTenantAndOnlyOperatorsReadByIdAndRedeliveryChangesNothing() {
        long created = store.append(new TenantCreated(tenant, "Acme", new TenantQuotas(2, DEFAULTS, MAX), OPERATOR),
                T0);
        awaitVersionAndUse(created, 0);

        TenantId other = TenantId.of("tq-other-" + UUID.randomUUID().toString().substring(0, 8));
        ResponseEntity<JsonNode> foreign = get("/api/v1/tenant", headers(other, "ORG_ADMIN"));
        assertThat(foreign.getStatusCode().value()).isEqualTo(404);
        assertThat(foreign.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:tenant-not-found");
        assertThat(foreign.getBody().toString()).doesNotContain(tenant.value());

        ResponseEntity<JsonNode> byAdmin = get("/api/v1/tenants/" + tenant.value(), headers(other, "ORG_ADMIN"));
        assertThat(byAdmin.getStatusCode().value()).isEqualTo(403);
        assertThat(byAdmin.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:forbidden");
        assertThat(get("/api/v1/tenants/" + tenant.value(), headers(tenant, "DEVELOPER")).getStatusCode().value())
                .isEqualTo(403);
        assertThat(get("/api/v1/tenant", headers(tenant, "INTEGRATION")).getStatusCode().value()).isEqualTo(403);

        ResponseEntity<JsonNode> byOperator = get("/api/v1/tenants/" + tenant.value(),
                headers(new TenantId("platform"), "PLATFORM_OPERATOR"));
        assertThat(byOperator.getStatusCode().value()).isEqualTo(200);
        assertThat(byOperator.getBody().get("quotas").get("maxRunningWorkspaces").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/tenants/nobody-" + tenant.value(),
                headers(new TenantId("platform"), "PLATFORM_OPERATOR")).getStatusCode().value()).isEqualTo(404);
    }

    private WorkspaceId workspace(Instant at) {
        WorkspaceId id = WorkspaceId.random();
        store.append(new WorkspaceCreated(id, tenant, "ws", "python_311", "img", DEFAULTS, OPERATOR), at);
        return id;
    }

    private JsonNode awaitVersionAndUse(long version, long running) {
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(25)).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/tenant", headers(tenant, "ORG_ADMIN"));
            view[0] = r.getBody();
            return r.getStatusCode().value() == 200 && r.getBody().get("version").asLong() >= version
                    && r.getBody().get("usage").get("runningWorkspaces").asLong() == running;
        });
        return view[0];
    }

    private ResponseEntity<JsonNode> get(String path, HttpHeaders headers) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    static HttpHeaders headers(TenantId tenant, String role) {
        HttpHeaders h = new HttpHeaders();
        h.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant.value(), "ada", role));
        return h;
    }
}
