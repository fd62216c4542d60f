package io.aicockpit.gateway.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.GatewayProperties;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The registry as every request sees it. Lookups (also misses, so a flood of unknown issuers cannot hammer
 * PostgreSQL) are cached briefly; an edit on this instance invalidates at once, other gateway instances pick
 * it up within the TTL.
 */
@Component
class CachingTenantDirectory implements TenantDirectory {
    private final TenantIdpRepository repository;
    private final Cache<TenantId, Optional<TenantSettings>> byTenant;
    private final Cache<String, Optional<TenantSettings>> byIssuer;

    CachingTenantDirectory(TenantIdpRepository repository, GatewayProperties properties) {
        Duration ttl = properties.tenantCacheTtl();
        this.repository = repository;
        this.byTenant = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
        this.byIssuer = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    @Override
    public Mono<TenantSettings> byTenant(TenantId tenantId) {
        return cached(byTenant, tenantId,
                id -> repository.byTenant(id).map(TenantIdpRepository.StoredTenant::settings));
    }

    @Override
    public Mono<TenantSettings> byIssuer(String issuer) {
        return cached(byIssuer, issuer,
                iss -> repository.byIssuer(iss).map(TenantIdpRepository.StoredTenant::settings));
    }

    @Override
    public Flux<String> issuers() {
        return Mono.fromCallable(repository::allIssuers).subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(Flux::fromIterable);
    }

    /** Forgets everything known about these keys, so an edit is visible on the next request. */
    void invalidate(TenantId tenantId, String... issuers) {
        byTenant.invalidate(tenantId);
        for (String issuer : issuers) {
            if (issuer != null) {
                byIssuer.invalidate(issuer);
            }
        }
    }

    /**
     * A cached answer comes back on the caller's thread; only a lookup that has to ask PostgreSQL moves to a
     * thread that may block. (Every request looks up its tenant two or three times: a thread switch for each cost
     * more than the rest of the lookup.)
     */
    private static <K> Mono<TenantSettings> cached(Cache<K, Optional<TenantSettings>> cache, K key,
                                                   Function<K, Optional<TenantSettings>> load) {
        return Mono.defer(() -> {
            Optional<TenantSettings> known = cache.getIfPresent(key);
            if (known != null) {
                return Mono.justOrEmpty(known);
            }
            return Mono.fromCallable(() -> cache.get(key, load)).subscribeOn(Schedulers.boundedElastic())
                    .flatMap(Mono::justOrEmpty);
        });
    }
}
