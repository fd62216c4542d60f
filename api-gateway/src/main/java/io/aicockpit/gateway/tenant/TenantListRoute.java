package io.aicockpit.gateway.tenant;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.web.Problems;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.gateway.web.Problems.FieldError;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/tenants} (PLATFORM_OPERATOR, by the security chain): the registered identity providers by tenant
 * id, in keyset pages. A router function rather than a {@code @GetMapping}: an annotated mapping of this path would
 * answer 405 to {@code POST /api/v1/tenants} instead of letting the gateway route it to command-side. Tenants created
 * on command-side without a registered issuer are not listed (command-side offers no tenant read).
 */
@Configuration(proxyBeanMethods = false)
class TenantListRoute {
    static final int MAX_PAGE = 500;

    /** One page of the registry; the cursor is the last tenant id of the previous page. */
    record TenantPage(List<IdentityProviderView> items, String nextCursor) {}

    @Bean
    RouterFunction<ServerResponse> tenantList(TenantIdpRepository repository) {
        return RouterFunctions.route(RequestPredicates.GET("/api/v1/tenants"), request -> list(repository, request));
    }

    private static Mono<ServerResponse> list(TenantIdpRepository repository, ServerRequest request) {
        String cursor = request.queryParam("cursor").orElse(null);
        int limit;
        try {
            limit = Integer.parseInt(request.queryParam("limit").orElse("100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            return invalid(request, new FieldError("limit", "must be between 1 and " + MAX_PAGE));
        }
        if (cursor != null && !TenantId.isValid(cursor)) {
            return invalid(request, new FieldError("cursor", "is not a cursor of this list"));
        }
        int size = limit;
        return Mono.fromCallable(() -> repository.page(cursor, size + 1))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(rows -> {
                    List<IdentityProviderView> items = rows.stream().limit(size).map(IdentityProviderView::of).toList();
                    String next = rows.size() > size ? items.getLast().tenantId() : null;
                    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(new TenantPage(items, next));
                });
    }

    private static Mono<ServerResponse> invalid(ServerRequest request, FieldError error) {
        return ServerResponse.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(Problems.of(request.exchange(), ProblemType.INVALID_REQUEST, HttpStatus.BAD_REQUEST,
                        "The query is invalid.", List.of(error)));
    }
}
