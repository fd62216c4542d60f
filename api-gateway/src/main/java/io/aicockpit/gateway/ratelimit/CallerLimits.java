package io.aicockpit.gateway.ratelimit;

import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.aicockpit.gateway.tenant.TenantSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Mono;

/**
 * Resolves which limits apply to a caller and names the caller's buckets. The tenant comes from the verified
 * identity only; operators without a tenant share the platform's limits under the {@value #PLATFORM} segment.
 */
final class CallerLimits {
    static final String PLATFORM = "_platform";

    private final TenantDirectory tenants;
    private final RateLimitSettings platform;

    CallerLimits(TenantDirectory tenants, RateLimitProperties properties) {
        this.tenants = tenants;
        RateLimitProperties.Platform p = properties.platform();
        this.platform = new RateLimitSettings(p.requestsPerMinute(), p.userRequestsPerMinute(),
                p.aiTokensPerMinute(), p.userAiTokensPerMinute());
    }

    /** The caller's tenant limits; the registry's defaults when the tenant has none on record. */
    Mono<RateLimitSettings> of(GatewayIdentity identity) {
        if (identity.tenantId() == null) {
            return Mono.just(platform);
        }
        return tenants.byTenant(identity.tenantId())
                .mapNotNull(TenantSettings::rateLimits)
                .defaultIfEmpty(RateLimitSettings.DEFAULTS);
    }

    static String tenantSegment(GatewayIdentity identity) {
        return identity.tenantId() == null ? PLATFORM : identity.tenantId().value();
    }

    /** Subjects are IdP-chosen strings: long or odd ones are hashed so keys stay short and unambiguous. */
    static String userSegment(GatewayIdentity identity) {
        String subject = identity.subject() == null ? "" : identity.subject();
        if (subject.length() <= 128 && subject.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
            return subject;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    }
}
