package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.tenant.TenantDirectory;
import io.aicockpit.gateway.tenant.TenantSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Records audited requests once they are over. It is the outermost filter (around the security chain) so that it
 * also sees requests the security chain or the rate limiter refuses, and it records after completion, so the
 * outcome is the status the client got, including errors (recorded when the error handler commits its answer) and
 * clients that went away (FAILED, status 499 unless a status was already sent).
 *
 * <p>Audited: state-changing methods, every AI request ({@code /v1/}), every refusal (401, 403, 429) and every
 * request for audit data. Plain reads are not. Nothing from the body, the query string or the
 * {@code Authorization} header is recorded; for a refused request without a verified identity, the token's
 * unverified {@code iss} is only used to pick which registered tenant's chain the refusal goes into.
 */
final class AuditWebFilter implements WebFilter, Ordered {
    static final int ORDER = -150;
    static final String PLATFORM_TENANT = "_platform";
    static final String REQUEST_ID_ATTRIBUTE = "io.aicockpit.gateway.requestId";
    static final String RATE_LIMITED_ATTRIBUTE = "io.aicockpit.gateway.rateLimited";
    static final String ANONYMOUS = "ANONYMOUS";
    private static final Set<HttpMethod> CHANGING =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final int CLIENT_CLOSED = 499;
    private static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final AuditWriter writer;
    private final TenantDirectory tenants;
    private final ClientAddress clientAddress;
    private final AuditProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    AuditWebFilter(AuditWriter writer, TenantDirectory tenants, AuditProperties properties, ObjectMapper json,
                   Clock clock) {
        this.writer = writer;
        this.tenants = tenants;
        this.clientAddress = new ClientAddress(properties.trustedProxies());
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Instant received = clock.instant();
        AtomicBoolean recorded = new AtomicBoolean();
        return chain.filter(exchange).doFinally(signal -> {
            ServerHttpResponse response = exchange.getResponse();
            if (signal == SignalType.ON_ERROR && !response.isCommitted()) {
                // The error handler has not answered yet: record the status it commits.
                response.beforeCommit(() -> {
                    record(exchange, received, signal, recorded);
                    return Mono.empty();
                });
            } else {
                record(exchange, received, signal, recorded);
            }
        });
    }

    private void record(ServerWebExchange exchange, Instant received, SignalType signal, AtomicBoolean recorded) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        HttpStatusCode code = response.getStatusCode();
        int status = signal == SignalType.CANCEL && !response.isCommitted() ? CLIENT_CLOSED
                : code == null ? 200 : code.value();
        boolean rateLimited = Boolean.TRUE.equals(exchange.getAttribute(RATE_LIMITED_ATTRIBUTE));
        String path = request.getPath().pathWithinApplication().value();
        if (!audited(request.getMethod(), path, status, rateLimited)) {
            return;
        }
        AuditOutcome outcome = rateLimited ? AuditOutcome.DENIED
                : AuditOutcome.of(status, signal == SignalType.ON_COMPLETE);
        AuditedPath audited = AuditedPath.of(request.getMethod().name(), path, properties.collectionsWithoutIds());
        Object requestId = exchange.getAttributes().getOrDefault(REQUEST_ID_ATTRIBUTE, request.getId());
        String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        if (userAgent != null && userAgent.length() > properties.userAgentMaxLength()) {
            userAgent = userAgent.substring(0, properties.userAgentMaxLength());
        }
        String ip = clientAddress.of(request);
        GatewayIdentity identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        if (identity != null) {
            writer.offer(AuditRecord.unchained(UUID.randomUUID(),
                    identity.tenantId() == null ? PLATFORM_TENANT : identity.tenantId().value(), received,
                    identity.subject(), identity.name(),
                    identity.actorType() == null ? "UNKNOWN" : identity.actorType().name(), ip, userAgent,
                    audited.action(), audited.resourceType(), audited.resourceId(), outcome, status,
                    requestId.toString()));
            return;
        }
        String finalUserAgent = userAgent;
        tenantOfUnverifiedToken(request)
                .defaultIfEmpty(PLATFORM_TENANT)
                .subscribe(tenant -> writer.offer(AuditRecord.unchained(UUID.randomUUID(), tenant, received, null,
                        null, ANONYMOUS, ip, finalUserAgent, audited.action(), audited.resourceType(),
                        audited.resourceId(), outcome, status, requestId.toString())));
    }

    static boolean audited(HttpMethod method, String path, int status, boolean rateLimited) {
        return CHANGING.contains(method) || path.startsWith("/v1/") || path.equals("/v1")
                || status == 401 || status == 403 || status == 429 || rateLimited
                || path.equals("/api/v1/audit") || path.startsWith("/api/v1/audit/");
    }

    /**
     * The registered tenant whose issuer the bearer token names, read without verifying the token. Only a
     * registered issuer counts, so a forged token can at most put a refusal into a chain that exists anyway.
     */
    private Mono<String> tenantOfUnverifiedToken(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() > MAX_TOKEN_LENGTH) {
            return Mono.empty();
        }
        String[] parts = authorization.substring(7).trim().split("\\.");
        if (parts.length != 3) {
            return Mono.empty();
        }
        String issuer;
        try {
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode iss = claims == null ? null : claims.get("iss");
            issuer = iss != null && iss.isTextual() ? iss.asText() : null;
        } catch (IllegalArgumentException | IOException e) {
            return Mono.empty();
        }
        if (issuer == null) {
            return Mono.empty();
        }
        return tenants.byIssuer(issuer)
                .map(TenantSettings::tenantId)
                .map(TenantId::value)
                .timeout(Duration.ofSeconds(2))
                .onErrorResume(error -> Mono.empty());
    }
}
