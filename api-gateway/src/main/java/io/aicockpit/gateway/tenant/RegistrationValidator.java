package io.aicockpit.gateway.tenant;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.GatewayProperties;
import io.aicockpit.gateway.identity.Role;
import io.aicockpit.gateway.web.Problems.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Checks a registration before it is stored. The issuer rule is the gateway's part of the SSRF guard: the
 * gateway later fetches {@code <issuer>/.well-known/openid-configuration} and the JWKS it names, so plain http
 * is allowed only for hosts the operator listed. This does not resolve names or refuse private addresses; see
 * docs/security.md.
 */
@Component
class RegistrationValidator {
    static final String DEFAULT_ROLE_CLAIM = "roles";
    private static final Pattern CLAIM_PATH = Pattern.compile("[A-Za-z0-9_:/-]{1,100}(\\.[A-Za-z0-9_:/-]{1,100}){0,9}");
    private static final Set<String> TENANT_ROLES = Set.of(Role.ORG_ADMIN.name(), Role.DEVELOPER.name(),
            Role.AUDITOR.name(), Role.INTEGRATION.name());

    private final GatewayProperties properties;

    RegistrationValidator(GatewayProperties properties) {
        this.properties = properties;
    }

    /** The settings to store, or the list of field errors. */
    sealed interface Outcome {
        record Valid(TenantSettings settings) implements Outcome {}

        record Invalid(List<FieldError> errors) implements Outcome {}
    }

    Outcome validate(TenantId tenantId, IdentityProviderRegistration body) {
        List<FieldError> errors = new ArrayList<>();
        checkIssuer(body.issuer(), errors);
        List<String> audiences = body.audiences() == null ? List.of() : body.audiences();
        if (audiences.isEmpty() || audiences.size() > 20) {
            errors.add(new FieldError("audiences", "must list 1 to 20 audiences"));
        } else if (audiences.stream().anyMatch(a -> a == null || a.isBlank() || a.length() > 200)) {
            errors.add(new FieldError("audiences", "each audience must be 1 to 200 non-blank characters"));
        }
        String roleClaim = body.roleClaim() == null ? DEFAULT_ROLE_CLAIM : body.roleClaim();
        if (!CLAIM_PATH.matcher(roleClaim).matches()) {
            errors.add(new FieldError("roleClaim", "must be a dotted claim path such as realm_access.roles"));
        }
        Map<String, String> mapping = body.roleMapping() == null ? Map.of() : body.roleMapping();
        if (mapping.size() > 100) {
            errors.add(new FieldError("roleMapping", "must have at most 100 entries"));
        }
        mapping.forEach((from, to) -> {
            if (from == null || from.isBlank() || from.length() > 200) {
                errors.add(new FieldError("roleMapping", "IdP role names must be 1 to 200 characters"));
            }
            if (to == null || !TENANT_ROLES.contains(to)) {
                errors.add(new FieldError("roleMapping." + from,
                        "must be one of ORG_ADMIN, DEVELOPER, AUDITOR, INTEGRATION"));
            }
        });
        RateLimitSettings limits = limits(body.rateLimits(), errors);
        if (!errors.isEmpty()) {
            return new Outcome.Invalid(List.copyOf(errors));
        }
        return new Outcome.Valid(new TenantSettings(tenantId, body.issuer(), List.copyOf(audiences), roleClaim,
                Map.copyOf(new LinkedHashMap<>(mapping)), limits));
    }

    private void checkIssuer(String issuer, List<FieldError> errors) {
        if (issuer == null || issuer.isBlank() || issuer.length() > 2048) {
            errors.add(new FieldError("issuer", "is required (an absolute URL of at most 2048 characters)"));
            return;
        }
        if (issuer.equals(properties.platformIssuer())) {
            errors.add(new FieldError("issuer", "is the platform's own issuer"));
            return;
        }
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("issuer", "is not a valid URL"));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            errors.add(new FieldError("issuer", "must be an absolute URL with a host and no user info, query or "
                    + "fragment"));
        } else if (scheme.equals("http")) {
            if (properties.allowedInsecureIssuerHosts().stream().noneMatch(host::equalsIgnoreCase)) {
                errors.add(new FieldError("issuer", "must use https (http only for hosts the operator allows)"));
            }
        } else if (!scheme.equals("https")) {
            errors.add(new FieldError("issuer", "must use https"));
        }
    }

    private static RateLimitSettings limits(IdentityProviderRegistration.Limits given, List<FieldError> errors) {
        RateLimitSettings defaults = RateLimitSettings.DEFAULTS;
        if (given == null) {
            return defaults;
        }
        return new RateLimitSettings(
                positive("rateLimits.tenantRequestsPerMinute", given.tenantRequestsPerMinute(),
                        defaults.tenantRequestsPerMinute(), errors),
                positive("rateLimits.userRequestsPerMinute", given.userRequestsPerMinute(),
                        defaults.userRequestsPerMinute(), errors),
                positive("rateLimits.tenantAiTokensPerMinute", given.tenantAiTokensPerMinute(),
                        defaults.tenantAiTokensPerMinute(), errors),
                positive("rateLimits.userAiTokensPerMinute", given.userAiTokensPerMinute(),
                        defaults.userAiTokensPerMinute(), errors));
    }

    private static long positive(String field, Long value, long fallback, List<FieldError> errors) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            errors.add(new FieldError(field, "must be positive"));
            return fallback;
        }
        return value;
    }
}
