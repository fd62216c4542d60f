package io.aicockpit.support.contract;

import io.aicockpit.support.contract.ApiDocument.Endpoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * What a WebFlux service really serves: every route of its router functions (walked with
 * {@link RouterFunctions.Visitor}, nested paths joined) and its annotated controllers' mappings.
 */
public final class WebFluxEndpoints {
    private WebFluxEndpoints() {
    }

    public static Set<Endpoint> of(ApplicationContext context) {
        Set<Endpoint> endpoints = new TreeSet<>();
        context.getBeansOfType(RouterFunctionMapping.class).values().forEach(mapping -> {
            if (mapping.getRouterFunction() != null) {
                endpoints.addAll(of(mapping.getRouterFunction()));
            }
        });
        context.getBeansOfType(RequestMappingHandlerMapping.class).values().forEach(mapping ->
                mapping.getHandlerMethods().keySet().forEach(info -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                        if (methods.isEmpty()) {
                            endpoints.add(new Endpoint("ANY", pattern.getPatternString()));
                        }
                        methods.forEach(m -> endpoints.add(new Endpoint(m.name(), pattern.getPatternString())));
                    }
                }));
        return endpoints;
    }

    /** The routes of one router function. */
    public static Set<Endpoint> of(RouterFunction<?> routes) {
        Set<Endpoint> endpoints = new TreeSet<>();
        routes.accept(new Routes(endpoints));
        return endpoints;
    }

    /** Collects (methods × paths) per route; a nest's path prefixes its routes'. */
    private static final class Routes implements RouterFunctions.Visitor {
        private final Set<Endpoint> endpoints;
        private final Deque<Conditions> nests = new ArrayDeque<>();

        Routes(Set<Endpoint> endpoints) {
            this.endpoints = endpoints;
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            nests.push(Conditions.of(predicate));
        }

        @Override
        public void endNested(RequestPredicate predicate) {
            nests.pop();
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
            Conditions route = Conditions.of(predicate);
            List<String> prefixes = new ArrayList<>(List.of(""));
            Set<String> methods = new TreeSet<>();
            nests.descendingIterator().forEachRemaining(nest -> {
                if (!nest.paths.isEmpty()) {
                    List<String> joined = new ArrayList<>();
                    prefixes.forEach(prefix -> nest.paths.forEach(path -> joined.add(prefix + path)));
                    prefixes.clear();
                    prefixes.addAll(joined);
                }
                methods.addAll(nest.methods);
            });
            methods.addAll(route.methods);
            List<String> paths = new ArrayList<>();
            prefixes.forEach(prefix -> (route.paths.isEmpty() ? List.of("") : route.paths)
                    .forEach(path -> paths.add(prefix + path)));
            for (String path : paths) {
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("ANY", path));
                }
                methods.forEach(method -> endpoints.add(new Endpoint(method, path)));
            }
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            throw new IllegalStateException("a router function the contract test cannot read: " + routerFunction);
        }
    }

    /** The methods and path patterns a predicate names (an and of them, as {@code POST("/x")} builds). */
    private static final class Conditions implements RequestPredicates.Visitor {
        final Set<String> methods = new TreeSet<>();
        final List<String> paths = new ArrayList<>();

        static Conditions of(RequestPredicate predicate) {
            Conditions conditions = new Conditions();
            predicate.accept(conditions);
            return conditions;
        }

        @Override
        public void method(Set<HttpMethod> methods) {
            methods.forEach(m -> this.methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            paths.add(pattern);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }
    }
}
