package io.aicockpit.gateway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.Role;
import io.aicockpit.support.problem.ProblemType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/audit}: list, export and verify the caller's tenant's audit trail. The tenant is taken only from
 * the verified identity, never from a parameter. The security chain already limits these paths to org admins and
 * auditors; the handlers check the role again so a routing mistake cannot expose the trail. JDBC work runs on the
 * bounded-elastic scheduler; exports stream page by page, so their size does not bound memory.
 */
final class AuditApi {
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final int EXPORT_PAGE = 500;
    private static final int DEFAULT_LIMIT = 50;

    private final AuditStore store;
    private final AuditVerifier verifier;
    private final AuditProperties properties;
    private final ObjectMapper json;

    AuditApi(AuditStore store, AuditVerifier verifier, AuditProperties properties, ObjectMapper json) {
        this.store = store;
        this.verifier = verifier;
        this.properties = properties;
        this.json = json;
    }

    /** A page of the list endpoint. */
    record Page(List<AuditView> items, String nextCursor) {}

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/v1/audit", this::list)
                .GET("/api/v1/audit/export", this::export)
                .GET("/api/v1/audit/verify", this::verify)
                .build();
    }

    Mono<ServerResponse> list(ServerRequest request) {
        return withTenant(request, tenant -> {
            AuditFilter.Parsed parsed = AuditFilter.parse(request.queryParams(), DEFAULT_LIMIT,
                    properties.maxPageSize());
            if (!parsed.violations().isEmpty()) {
                return invalid(request, parsed.violations());
            }
            AuditFilter filter = parsed.filter();
            return Mono.fromCallable(() -> store.page(tenant, filter, filter.beforeSeq(), filter.limit() + 1))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(rows -> {
                        boolean more = rows.size() > filter.limit();
                        List<AuditRecord> page = more ? rows.subList(0, filter.limit()) : rows;
                        String next = more ? AuditFilter.encodeCursor(page.getLast().seq()) : null;
                        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(new Page(page.stream().map(AuditView::of).toList(), next));
                    });
        });
    }

    Mono<ServerResponse> export(ServerRequest request) {
        return withTenant(request, tenant -> {
            String format = request.queryParam("format").orElse("csv");
            AuditFilter.Parsed parsed = AuditFilter.parse(request.queryParams(), EXPORT_PAGE, EXPORT_PAGE);
            List<AuditFilter.Violation> violations = new ArrayList<>(parsed.violations());
            if (!format.equals("csv") && !format.equals("json")) {
                violations.add(new AuditFilter.Violation("format", "must be csv or json"));
            }
            if (request.queryParam("limit").isPresent() || request.queryParam("cursor").isPresent()) {
                violations.add(new AuditFilter.Violation("limit", "export returns every matching record;"
                        + " limit and cursor are for the list endpoint"));
            }
            if (!violations.isEmpty()) {
                return invalid(request, violations);
            }
            Flux<AuditRecord> records = records(tenant, parsed.filter());
            boolean csv = format.equals("csv");
            Flux<String> body = csv
                    ? Flux.concat(Mono.just(AuditCsv.HEADER), records.map(AuditCsv::line))
                    : Flux.concat(Mono.just("["), records.index().map(indexed ->
                            (indexed.getT1() == 0 ? "\n" : ",\n") + toJson(AuditView.of(indexed.getT2()))),
                            Mono.just("\n]\n"));
            return ServerResponse.ok()
                    .contentType(csv ? CSV : MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"audit-" + tenant + "." + format + "\"")
                    .body(body, String.class);
        });
    }

    Mono<ServerResponse> verify(ServerRequest request) {
        return withTenant(request, tenant -> Mono.fromCallable(() -> verifier.verify(tenant))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(result)));
    }

    /** Every matching record, newest first, read one page at a time as the client consumes them. */
    private Flux<AuditRecord> records(String tenant, AuditFilter filter) {
        return Flux.<List<AuditRecord>, Long>generate(() -> 0L, (before, sink) -> {
                    if (before < 0) {
                        sink.complete();
                        return before;
                    }
                    List<AuditRecord> page = store.page(tenant, filter, before == 0 ? null : before, EXPORT_PAGE);
                    if (page.isEmpty()) {
                        sink.complete();
                        return before;
                    }
                    sink.next(page);
                    return page.size() < EXPORT_PAGE ? -1L : page.getLast().seq();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapIterable(page -> page);
    }

    private String toJson(AuditView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit record not serializable", e);
        }
    }

    private Mono<ServerResponse> withTenant(ServerRequest request,
                                            Function<String, Mono<ServerResponse>> handler) {
        GatewayIdentity identity = request.exchange().getAttribute(GatewayIdentity.ATTRIBUTE);
        if (identity == null) {
            return problem(request, ProblemType.UNAUTHENTICATED, "Authentication is required.", null);
        }
        if (!identity.has(Role.ORG_ADMIN) && !identity.has(Role.AUDITOR)) {
            return problem(request, ProblemType.FORBIDDEN,
                    "Reading the audit trail needs the ORG_ADMIN or AUDITOR role.", null);
        }
        return handler.apply(identity.tenantId() == null ? AuditWebFilter.PLATFORM_TENANT
                : identity.tenantId().value());
    }

    private Mono<ServerResponse> invalid(ServerRequest request, List<AuditFilter.Violation> violations) {
        return problem(request, ProblemType.INVALID_AUDIT_FILTER,
                "Some parameters of the audit query are invalid.", violations);
    }

    private static Mono<ServerResponse> problem(ServerRequest request, ProblemType type, String detail,
                                                List<AuditFilter.Violation> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", URI.create(request.path()).toString());
        body.put("requestId", request.exchange().getAttributes()
                .getOrDefault(AuditWebFilter.REQUEST_ID_ATTRIBUTE, request.exchange().getRequest().getId())
                .toString());
        if (errors != null) {
            body.put("errors", errors);
        }
        return ServerResponse.status(type.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(body);
    }
}
