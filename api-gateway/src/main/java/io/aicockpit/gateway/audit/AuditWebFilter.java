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
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * request for audit data, and every WebSocket upgrade (a terminal): an upgraded one is recorded when its
 * session closes, with status 101 and the detail {@code {"durationMs":N}}. Plain reads are not. Nothing from the
 * body, the query string or the {@code Authorization} header is recorded; for a refused request without a verified identity, the token's
 * unverified {@code iss} is only used to pick which registered tenant's chain the refusal goes into.
 *
 * <p>A service behind the gateway adds a detail to the record with the response header {@value AuditDetail#HEADER}
 * (see {@link AuditDetail}). The filter takes that header off every response just before it is committed (normal,
 * streamed and error answers alike), so clients never see it; a request answered with a detail is audited whatever
 * its method. Clients cannot send one: the routing filter strips every {@code X-AiCockpit-*} request header.
 */
final class AuditWebFilter implements WebFilter, Ordered {
    static final int ORDER = -150;
    static final String PLATFORM_TENANT = "_platform";
    static final String REQUEST_ID_ATTRIBUTE = "io.aicockpit.gateway.requestId";
    static final String RATE_LIMITED_ATTRIBUTE = "io.aicockpit.gateway.rateLimited";
    static final String ANONYMOUS = "ANONYMOUS";
    static final String DETAIL_ATTRIBUTE = "io.aicockpit.gateway.auditDetail";
    private static final Logger log = LoggerFactory.getLogger(AuditWebFilter.class);
    private static final Set<HttpMethod> CHANGING =
            Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);
    private static final int CLIENT_CLOSED = 499;
    private static final int SWITCHING_PROTOCOLS = 101;
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
        exchange.getResponse().beforeCommit(() -> {
            takeDetail(exchange);
            return Mono.empty();
        });
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

    /**
     * Moves the detail header from the response into an exchange attribute. Runs as the response commits (its
     * headers are still writable then), and when the exchange ends uncommitted (client gone).
     */
    private static void takeDetail(ServerWebExchange exchange) {
        ServerHttpResponse response = exchange.getResponse();
        List<String> values = response.getHeaders().get(AuditDetail.HEADER);
        if (values != null) {
            exchange.getAttributes().put(DETAIL_ATTRIBUTE, List.copyOf(values));
            response.getHeaders().remove(AuditDetail.HEADER);
        }
    }

    private void record(ServerWebExchange exchange, Instant received, SignalType signal, AtomicBoolean recorded) {
        if (!recorded.compareAndSet(false, true)) {
            return;
        }
        ServerHttpRequest request = exchange.getRequest();
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted()) {
            takeDetail(exchange);
        }
        HttpStatusCode code = response.getStatusCode();
        boolean upgrade = "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
        // Spring never sets 101 on the response object of an upgrade it performed: what is not a refusal upgraded
        boolean upgraded = upgrade && response.isCommitted()
                && (code == null || code.value() == SWITCHING_PROTOCOLS || code.value() == 200);
        int status = upgraded ? SWITCHING_PROTOCOLS
                : signal == SignalType.CANCEL && !response.isCommitted() ? CLIENT_CLOSED
                : code == null ? 200 : code.value();
        boolean rateLimited = Boolean.TRUE.equals(exchange.getAttribute(RATE_LIMITED_ATTRIBUTE));
        String path = request.getPath().pathWithinApplication().value();
        List<String> detailHeader = exchange.getAttribute(DETAIL_ATTRIBUTE);
        if (detailHeader == null && !upgrade && !audited(request.getMethod(), path, status, rateLimited)) {
            return;
        }
        if (upgraded && detailHeader == null) {
            // The chain of an upgraded request ends when the WebSocket closes: the record is the session's.
            detailHeader = List.of("{\"durationMs\":" + Duration.between(received, clock.instant()).toMillis() + "}");
        }
        // however the session ended (client gone included), the upgrade itself was allowed
        AuditOutcome outcome = rateLimited ? AuditOutcome.DENIED
                : upgraded ? AuditOutcome.ALLOWED : AuditOutcome.of(status, signal == SignalType.ON_COMPLETE);
        AuditedPath audited = AuditedPath.of(request.getMethod().name(), path, properties.collectionsWithoutIds());
        Object requestId = exchange.getAttributes().getOrDefault(REQUEST_ID_ATTRIBUTE, request.getId());
        String userAgent = request.getHeaders().getFirst(HttpHeaders.USER_AGENT);
        if (userAgent != null && userAgent.length() > properties.userAgentMaxLength()) {
            userAgent = userAgent.substring(0, properties.userAgentMaxLength());
        }
        String ip = clientAddress.of(request);
        String detail = detail(detailHeader, audited.action(), requestId);
        GatewayIdentity identity = exchange.getAttribute(GatewayIdentity.ATTRIBUTE);
        if (identity != null) {
            writer.offer(AuditRecord.unchained(UUID.randomUUID(),
                    identity.tenantId() == null ? PLATFORM_TENANT : identity.tenantId().value(), received,
                    identity.subject(), identity.name(),
                    identity.actorType() == null ? "UNKNOWN" : identity.actorType().name(), ip, userAgent,
                    audited.action(), audited.resourceType(), audited.resourceId(), outcome, status,
                    requestId.toString(), detail));
            return;
        }
        String finalUserAgent = userAgent;
        tenantOfUnverifiedToken(request)
                .defaultIfEmpty(PLATFORM_TENANT)
                .subscribe(tenant -> writer.offer(AuditRecord.unchained(UUID.randomUUID(), tenant, received, null,
                        null, ANONYMOUS, ip, finalUserAgent, audited.action(), audited.resourceType(),
                        audited.resourceId(), outcome, status, requestId.toString(), detail)));
    }

    /** The detail's canonical JSON, the invalid marker (logged without the value) or null without a header. */
    private static String detail(List<String> header, String action, Object requestId) {
        AuditDetail.Received received = AuditDetail.fromHeader(header);
        if (received == null) {
            return null;
        }
        if (received.invalid() != null) {
            log.atWarn().addKeyValue("reason", received.invalid().code).addKeyValue("action", action)
                    .addKeyValue("requestId", requestId)
                    .log("audit detail from the service is invalid; recorded as invalid");
        }
        return received.canonical();
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
