package io.aicockpit.gateway.testkit;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * What a gateway test context needs besides the feature under test: the stand-in identity filter, the tenant
 * registry and a backend answering 200 on {@code /api/**} and {@code /v1/**} ({@code /api/v1/boom} fails with an
 * exception) in place of the routed services. Imported explicitly; not a {@code @Configuration}, so component
 * scans of the test classpath do not pick it up.
 */
public class TestkitConfiguration {

    @Bean
    TestIdentityFilter testIdentityFilter() {
        return new TestIdentityFilter();
    }

    @Bean
    TestTenants testTenants() {
        return new TestTenants();
    }

    @Bean
    RouterFunction<ServerResponse> testBackend() {
        return RouterFunctions.route()
                .path("/api/v1/boom", builder -> builder.route(request -> true,
                        request -> Mono.error(new IllegalStateException("backend failed"))))
                .route(path("/api/**").and(path("/api/v1/audit/**").negate()).or(path("/v1/**")),
                        request -> ServerResponse.ok().bodyValue(Map.of("ok", true)))
                .build();
    }
}
