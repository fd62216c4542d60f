package io.aicockpit.aiworker.catalog;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import io.aicockpit.support.net.OutboundUrlGuard;
import io.aicockpit.support.secret.SecretCipher;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Resolves a tenant's active and fallback services. The lookup reads two tables and the secret store and decrypts a
 * key, so it runs on the bounded elastic scheduler and its result is cached briefly: a relay at 1,000 requests/s must
 * not do that per request, and a key rotation or a new active service must still show up within seconds. The outbound
 * URL guard (which resolves host names) runs here too, for the same reasons.
 */
@Component
public class AiServiceCatalog {
    private static final Logger log = LoggerFactory.getLogger(AiServiceCatalog.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final OutboundUrlGuard guard;
    private final AsyncCache<TenantId, TenantServices> cache;

    AiServiceCatalog(NamedParameterJdbcTemplate jdbc, AiWorkerProperties properties,
                     @Value("${aicockpit.secrets.key:}") String secretsKey,
                     @Value("${aicockpit.outbound.allowlist:}") String allowlist) {
        this.jdbc = jdbc;
        this.cipher = SecretCipher.fromBase64(secretsKey);
        this.guard = new OutboundUrlGuard(Arrays.asList(allowlist.split(",")));
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.catalogCacheTtl())
                .maximumSize(10_000)
                .buildAsync();
    }

    /** The tenant's services; {@link TenantServices#active()} is null when none is set. */
    public Mono<TenantServices> servicesOf(TenantId tenantId) {
        // suppressCancel: one caller going away must not cancel the load other callers share
        return Mono.fromFuture(cache.get(tenantId, (tenant, executor) ->
                Mono.fromCallable(() -> load(tenant)).subscribeOn(Schedulers.boundedElastic()).toFuture()), true);
    }

    private TenantServices load(TenantId tenantId) {
        List<Map<String, Object>> routing = jdbc.queryForList(
                "SELECT active_service_id, fallback_service_id FROM ai_routing WHERE tenant_id = :tenantId",
                new MapSqlParameterSource("tenantId", tenantId.value()));
        if (routing.isEmpty()) {
            return TenantServices.none(tenantId);
        }
        UpstreamService active = service(tenantId, (UUID) routing.getFirst().get("active_service_id"));
        UpstreamService fallback = service(tenantId, (UUID) routing.getFirst().get("fallback_service_id"));
        return new TenantServices(tenantId, active, fallback);
    }

    private UpstreamService service(TenantId tenantId, UUID id) {
        if (id == null) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT name, kind, base_url, key_ref, default_model, azure_deployment, azure_api_version
                FROM ai_service WHERE tenant_id = :tenantId AND ai_service_id = :id AND NOT removed""",
                new MapSqlParameterSource("tenantId", tenantId.value()).addValue("id", id));
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.getFirst();
        AiServiceKind kind = AiServiceKind.valueOf((String) row.get("kind"));
        String baseUrl = (String) row.get("base_url");
        String unusable = null;
        URI checked = null;
        try {
            checked = guard.check(baseUrl);
        } catch (OutboundUrlGuard.RefusedUrl refused) {
            unusable = "the AI service's base URL is refused: " + refused.getMessage();
        }
        String apiKey = null;
        UUID keyRef = (UUID) row.get("key_ref");
        if (keyRef != null && unusable == null) {
            try {
                apiKey = decryptKey(tenantId, new SecretRef(keyRef));
            } catch (IllegalStateException e) {
                log.atError().addKeyValue("tenantId", tenantId).addKeyValue("aiServiceId", id)
                        .log("the AI service's API key is missing or does not decrypt with this master key");
                unusable = "the AI service's API key cannot be read; an org admin should enter it again";
            }
        }
        return new UpstreamService(new AiServiceId(id), (String) row.get("name"), kind, checked, apiKey,
                (String) row.get("default_model"), (String) row.get("azure_deployment"),
                (String) row.get("azure_api_version"), unusable);
    }

    private String decryptKey(TenantId tenantId, SecretRef ref) {
        List<byte[]> ciphertexts = jdbc.queryForList(
                "SELECT ciphertext FROM secrets.secret WHERE ref = :ref AND tenant_id = :tenantId",
                new MapSqlParameterSource("ref", ref.value()).addValue("tenantId", tenantId.value()), byte[].class);
        if (ciphertexts.isEmpty()) {
            throw new IllegalStateException("secret " + ref + " not found");
        }
        return cipher.decrypt(tenantId.value(), ref, ciphertexts.getFirst());
    }
}
