package io.aicockpit.support.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.support.contract.ApiDocument.Endpoint;
import io.aicockpit.support.contract.ApiDocument.Operation;
import io.aicockpit.support.problem.ProblemType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.yaml holds together on its own: every operation has an owner, every reference resolves, every path
 * variable is declared, every problem type it names is in the catalogue. Whether the services serve what it says is
 * each service's {@code ApiContractIT}.
 */
class OpenApiDocumentTest {
    private static final Pattern PROBLEM_URI = Pattern.compile("urn:aicockpit:problem:([a-z0-9][a-z0-9-]*)");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");
    private final ApiDocument document = ApiDocument.load();

    @Test
    void isOpenApi3WithBearerAuth() {
        assertThat(String.valueOf(document.root().get("openapi"))).startsWith("3.");
        assertThat(document.root()).containsKey("info");
        assertThat(resolve("#/components/securitySchemes/tenantBearer")).containsEntry("scheme", "bearer");
    }

    @Test
    void everyOperationNamesTheServiceThatServesIt() {
        assertThat(document.operations()).isNotEmpty().allSatisfy(operation -> {
            assertThat(operation.service()).as("x-aicockpit-service of %s", operation).isIn(ApiDocument.SERVICES);
            assertThat(ApiDocument.isApi(operation.endpoint())).as("%s is under /api/v1 or /v1", operation).isTrue();
        });
    }

    @Test
    void noTwoOperationsHaveTheSameShape() {
        Map<String, List<Operation>> byKey = new TreeMap<>();
        document.operations().forEach(o -> byKey.computeIfAbsent(o.endpoint().key(), k -> new ArrayList<>()).add(o));
        assertThat(byKey.values()).as("operations that differ only in their variables' names")
                .allSatisfy(same -> assertThat(same).hasSize(1));
    }

    @Test
    void everyReferenceResolves() {
        Set<String> unresolved = new TreeSet<>();
        walk(document.root(), (key, value) -> {
            if ("$ref".equals(key)) {
                String ref = String.valueOf(value);
                if (!ref.startsWith("#/") || resolveOrNull(ref) == null) {
                    unresolved.add(ref);
                }
            }
        });
        assertThat(unresolved).isEmpty();
    }

    @Test
    void everyPathVariableIsDeclaredAndEveryDeclaredOneIsInThePath() {
        List<String> wrong = new ArrayList<>();
        ApiDocument.cast(document.root().get("paths")).forEach((path, item) -> {
            Map<String, Object> pathItem = ApiDocument.cast(item);
            Set<String> inPath = new TreeSet<>();
            Matcher variable = VARIABLE.matcher(path);
            while (variable.find()) {
                inPath.add(variable.group(1));
            }
            pathItem.forEach((method, operation) -> {
                if (!ApiDocument.METHODS.contains(method)) {
                    return;
                }
                Set<String> declared = new TreeSet<>();
                List<Object> parameters = new ArrayList<>(list(pathItem.get("parameters")));
                parameters.addAll(list(ApiDocument.cast(operation).get("parameters")));
                for (Object parameter : parameters) {
                    Map<String, Object> p = deref(parameter);
                    if ("path".equals(p.get("in"))) {
                        declared.add(String.valueOf(p.get("name")));
                        assertThat(p.get("required")).as("path parameter %s of %s is required", p.get("name"), path)
                                .isEqualTo(true);
                    }
                }
                if (!declared.equals(inPath)) {
                    wrong.add(method.toUpperCase() + " " + path + ": path has " + inPath + ", declared " + declared);
                }
            });
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOperationAnswersSomethingAndItsApiErrorsAreProblems() {
        List<String> wrong = new ArrayList<>();
        ApiDocument.cast(document.root().get("paths")).forEach((path, item) ->
                ApiDocument.cast(item).forEach((method, operation) -> {
                    if (!ApiDocument.METHODS.contains(method)) {
                        return;
                    }
                    Map<String, Object> responses = ApiDocument.cast(ApiDocument.cast(operation).get("responses"));
                    if (responses.keySet().stream().noneMatch(code -> code.startsWith("2") || code.equals("101"))) {
                        wrong.add(method + " " + path + " has no success response");
                    }
                    if (!path.startsWith("/api/v1")) {
                        return;
                    }
                    responses.forEach((code, response) -> {
                        if (code.startsWith("4") || code.startsWith("5")) {
                            Map<String, Object> content = ApiDocument.cast(deref(response).getOrDefault("content", Map.of()));
                            if (!content.containsKey("application/problem+json")) {
                                wrong.add(method + " " + path + " " + code + " is not application/problem+json");
                            }
                        }
                    });
                }));
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyProblemTypeItNamesIsInTheCatalogue() throws Exception {
        Set<String> named = new TreeSet<>();
        walk(document.root(), (key, value) -> {
            if ("x-aicockpit-problem-types".equals(key)) {
                list(value).forEach(kind -> named.add(String.valueOf(kind)));
            }
        });
        Matcher uri = PROBLEM_URI.matcher(Files.readString(ApiDocument.repoRoot().resolve(ApiDocument.FILE)));
        while (uri.find()) {
            named.add(uri.group(1));
        }
        assertThat(named).isNotEmpty();
        assertThat(named).as("problem types of docs/openapi.yaml missing from ProblemType (docs/problems.md)")
                .allSatisfy(kind -> assertThat(ProblemType.ofKind(kind)).isPresent());
    }

    @Test
    void theComparisonNamesWhatIsMissingOnEitherSide() {
        ApiDocument small = ApiDocument.parse(new ByteArrayInputStream("""
                openapi: 3.1.0
                paths:
                  /api/v1/things/{thingId}:
                    get: { x-aicockpit-service: query-side, responses: { '200': { description: ok } } }
                    delete: { x-aicockpit-service: command-side, responses: { '204': { description: ok } } }
                """.getBytes(StandardCharsets.UTF_8)));

        small.assertServedBy("query-side", List.of(new Endpoint("GET", "/api/v1/things/{id}"),
                new Endpoint("GET", "/actuator/health")));
        assertThatThrownBy(() -> small.assertServedBy("query-side", List.of(new Endpoint("GET", "/api/v1/things/{id}"),
                new Endpoint("POST", "/api/v1/things"))))
                .hasMessageContaining("query-side serves operations docs/openapi.yaml does not have")
                .hasMessageContaining("POST /api/v1/things");
        assertThatThrownBy(() -> small.assertServedBy("command-side", List.of()))
                .hasMessageContaining("gives command-side operations it does not serve")
                .hasMessageContaining("DELETE /api/v1/things/{thingId}");
    }

    private Map<String, Object> deref(Object node) {
        Map<String, Object> map = ApiDocument.cast(node);
        return map.containsKey("$ref") ? resolve(String.valueOf(map.get("$ref"))) : map;
    }

    private Map<String, Object> resolve(String ref) {
        Object found = resolveOrNull(ref);
        assertThat(found).as("%s resolves", ref).isNotNull();
        return ApiDocument.cast(found);
    }

    private Object resolveOrNull(String ref) {
        Object node = document.root();
        for (String part : ref.substring(2).split("/")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static void walk(Object node, BiConsumer<String, Object> visitor) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                visitor.accept(String.valueOf(key), value);
                walk(value, visitor);
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> walk(item, visitor));
        }
    }
}
