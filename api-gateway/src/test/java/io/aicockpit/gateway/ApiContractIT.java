package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.support.contract.ApiDocument;
import io.aicockpit.support.contract.ApiDocument.Operation;
import io.aicockpit.support.contract.WebFluxEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.HandlerMapping;

/**
 * The gateway's side of docs/openapi.yaml: it serves exactly the operations the document gives {@code api-gateway},
 * and routes every other documented operation to the service that serves it, asking its handler mappings in the
 * order a request meets them; operations a service serves only internally are not routed to it.
 */
class ApiContractIT extends GatewayIT {
    @Autowired
    ApplicationContext context;
    @Autowired
    GatewayProperties properties;
    @Autowired
    Environment environment;

    private final ApiDocument document = ApiDocument.load();

    @Test
    void servesExactlyItsOwnDocumentedOperations() {
        document.assertServedBy("api-gateway", WebFluxEndpoints.of(context));
    }

    @Test
    void routesEveryDocumentedOperationToTheServiceThatServesIt() {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : document.operations()) {
            String reachedBy = reached(operation);
            String expected = operation.internal() ? null : operation.service();
            if (operation.internal() ? operation.service().equals(reachedBy) : !expected.equals(reachedBy)) {
                wrong.add(operation.method() + " " + operation.path() + ": " + (operation.internal()
                        ? "internal to " + operation.service() + ", but the gateway routes it there"
                        : "served by " + expected + ", but the gateway sends it to " + reachedBy));
            }
        }
        assertThat(wrong).as("docs/openapi.yaml against the gateway's routes (routing.GatewayRoutes, "
                + "routing.WorkspaceNodeRoutes)").isEmpty();
    }

    /** Which service a request of this operation reaches: the gateway itself, a routed service, or "nothing". */
    private String reached(Operation operation) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .method(HttpMethod.valueOf(operation.method()), ApiDocument.example(operation.path())));
        List<HandlerMapping> mappings = new ArrayList<>(context.getBeansOfType(HandlerMapping.class).values());
        mappings.sort(AnnotationAwareOrderComparator.INSTANCE);
        for (HandlerMapping mapping : mappings) {
            Object handler = mapping.getHandler(exchange).block(Duration.ofSeconds(10));
            if (handler == null) {
                continue;
            }
            if (!(mapping instanceof RoutePredicateHandlerMapping)) {
                return isStaticContent(handler) ? "nothing (static content)" : "api-gateway";
            }
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            return route == null ? "nothing" : serviceAt(route);
        }
        return "nothing";
    }

    private static boolean isStaticContent(Object handler) {
        return handler.getClass().getName().contains("Resource");
    }

    private String serviceAt(Route route) {
        Map<String, URI> services = Map.of(
                "command-side", properties.routes().commandSideUri(),
                "query-side", properties.routes().querySideUri(),
                "ai-worker", properties.routes().aiWorkerUri(),
                // the node routes' placeholder; WorkspaceNodeFilter puts the workspace's node in per request
                "container-worker", URI.create(environment.getProperty("aicockpit.gateway.routes.default-node-uri",
                        "http://127.0.0.1:8083")));
        return services.entrySet().stream().filter(e -> sameOrigin(e.getValue(), route.getUri()))
                .map(Map.Entry::getKey).findFirst().orElse("route " + route.getId() + " to " + route.getUri());
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && a.getPort() == b.getPort();
    }
}
