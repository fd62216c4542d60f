package io.aicockpit.gateway.tenant;

import io.aicockpit.coreapi.common.TenantId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Looks up registered tenants; answers from a cache, so it is cheap on every request. */
public interface TenantDirectory {
    Mono<TenantSettings> byTenant(TenantId tenantId);

    Mono<TenantSettings> byIssuer(String issuer);

    /** Every registered tenant issuer (the web app's Content-Security-Policy allows their origins). */
    default Flux<String> issuers() {
        return Flux.empty();
    }
}
