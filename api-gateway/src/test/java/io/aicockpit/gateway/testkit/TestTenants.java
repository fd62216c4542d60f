package io.aicockpit.gateway.testkit;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.aicockpit.gateway.tenant.TenantSettings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * A tenant registry for tests. It is static because it stands in for the shared database registry: two gateway
 * contexts started by one test must see the same tenants, as two replicas would.
 */
public final class TestTenants implements TenantDirectory {
    private static final Map<TenantId, TenantSettings> TENANTS = new ConcurrentHashMap<>();

    /** Registers a fresh tenant with the given limits; each test uses its own, so tests share Redis safely. */
    public static TenantId register(String prefix, RateLimitSettings limits) {
        TenantId tenant = new TenantId(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        TENANTS.put(tenant, new TenantSettings(tenant, issuerOf(tenant), List.of("aicockpit"), "roles", Map.of(),
                limits));
        return tenant;
    }

    public static String issuerOf(TenantId tenant) {
        return "http://127.0.0.1:1/" + tenant.value();
    }

    @Override
    public Mono<TenantSettings> byTenant(TenantId tenantId) {
        return Mono.justOrEmpty(TENANTS.get(tenantId));
    }

    @Override
    public Mono<TenantSettings> byIssuer(String issuer) {
        return Mono.justOrEmpty(TENANTS.values().stream().filter(t -> t.issuer().equals(issuer)).findFirst());
    }
}
