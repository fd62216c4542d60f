package io.aicockpit.support.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/openapi.yaml as the contract tests read it: each operation (method, path template) with the service that
 * serves it ({@code x-aicockpit-service}), and the operations a service serves only to another service
 * ({@code x-aicockpit-internal-operations}). Path templates are compared with their variables blanked
 * ({@code /api/v1/workspaces/{workspaceId}} and {@code /api/v1/workspaces/*} are both {@code /api/v1/workspaces/{}}),
 * so a variable may be named differently in code and document.
 */
public final class ApiDocument {
    public static final String FILE = "docs/openapi.yaml";
    public static final Set<String> SERVICES = Set.of("api-gateway", "command-side", "query-side",
            "container-worker", "ai-worker");
    public static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
            "trace");
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}/]*}");

    /** One documented operation; {@code internal} ones are served to another service, never through the gateway. */
    public record Operation(String method, String path, String service, boolean internal) {
        public Endpoint endpoint() {
            return new Endpoint(method, path);
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + service + (internal ? ", internal" : "") + ")";
        }
    }

    /** A (method, path template) a service serves or the document names. */
    public record Endpoint(String method, String path) implements Comparable<Endpoint> {
        public Endpoint {
            method = method.toUpperCase(Locale.ROOT);
        }

        /** The template with every variable (and a {@code *} segment) blanked to {@code {}}. */
        public String shape() {
            String shape = VARIABLE.matcher(path).replaceAll("{}").replaceAll("/\\*(?=/|$)", "/{}");
            return shape.length() > 1 && shape.endsWith("/") ? shape.substring(0, shape.length() - 1) : shape;
        }

        public String key() {
            return method + " " + shape();
        }

        @Override
        public int compareTo(Endpoint other) {
            return key().compareTo(other.key());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final Map<String, Object> root;
    private final List<Operation> operations;

    private ApiDocument(Map<String, Object> root) {
        this.root = root;
        this.operations = readOperations(root);
    }

    /** The repository's docs/openapi.yaml. */
    public static ApiDocument load() {
        return load(repoRoot().resolve(FILE));
    }

    public static ApiDocument load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiDocument parse(InputStream yaml) {
        Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(FILE + " is not a YAML mapping");
        }
        return new ApiDocument(cast(map));
    }

    /**
     * The JSON schema of the answer {@code status} of an operation ({@code default} if it has no own), with every
     * reference resolved; empty when the document gives that answer no JSON body.
     */
    public java.util.Optional<Map<String, Object>> responseSchema(String method, String path, int status,
                                                                   String mediaType) {
        Map<String, Object> item = cast(cast(root.get("paths")).get(path));
        Map<String, Object> responses = cast(cast(item.get(method.toLowerCase(Locale.ROOT))).get("responses"));
        Object response = responses.getOrDefault(Integer.toString(status), responses.get("default"));
        if (response == null) {
            throw new AssertionError(method + " " + path + " has no answer " + status + " in " + FILE);
        }
        Map<String, Object> content = cast(cast(References.resolve(root, response)).getOrDefault("content", Map.of()));
        return java.util.Optional.ofNullable(content.get(mediaType)).map(c -> cast(cast(c).get("schema")));
    }

    /** The whole document as plain maps and lists. */
    public Map<String, Object> root() {
        return root;
    }

    public List<Operation> operations() {
        return operations;
    }

    /** The public operations of {@code service}, and the internal ones it serves. */
    public List<Operation> operationsOf(String service) {
        return operations.stream().filter(o -> service.equals(o.service())).toList();
    }

    /**
     * Fails, naming each operation, unless {@code service} serves exactly the operations the document gives it.
     * {@code served} are the endpoints the running service answers under {@code /api/v1} and {@code /v1}.
     */
    public void assertServedBy(String service, Collection<Endpoint> served) {
        Map<String, Endpoint> actual = served.stream().filter(ApiDocument::isApi)
                .collect(Collectors.toMap(Endpoint::key, e -> e, (a, b) -> a, LinkedHashMap::new));
        Map<String, Operation> documented = operationsOf(service).stream()
                .collect(Collectors.toMap(o -> o.endpoint().key(), o -> o, (a, b) -> a, LinkedHashMap::new));
        Set<String> undocumented = new TreeSet<>();
        actual.forEach((key, endpoint) -> {
            if (!documented.containsKey(key)) {
                undocumented.add(endpoint.toString());
            }
        });
        Set<String> unserved = new TreeSet<>();
        documented.forEach((key, operation) -> {
            if (!actual.containsKey(key)) {
                unserved.add(operation.endpoint().toString());
            }
        });
        StringBuilder message = new StringBuilder();
        if (!undocumented.isEmpty()) {
            message.append(service).append(" serves operations ").append(FILE).append(" does not have; add each under ")
                    .append("paths with `x-aicockpit-service: ").append(service).append("` (or under ")
                    .append("x-aicockpit-internal-operations if the gateway must not route it):\n  ")
                    .append(String.join("\n  ", undocumented)).append('\n');
        }
        if (!unserved.isEmpty()) {
            message.append(FILE).append(" gives ").append(service).append(" operations it does not serve:\n  ")
                    .append(String.join("\n  ", unserved)).append('\n');
        }
        if (!message.isEmpty()) {
            throw new AssertionError(message.toString());
        }
    }

    /** The public API's paths: AiCockpit's own and the OpenAI-compatible relay. */
    public static boolean isApi(Endpoint endpoint) {
        return endpoint.path().startsWith("/api/v1/") || endpoint.path().equals("/api/v1")
                || endpoint.path().startsWith("/v1/");
    }

    /** A path of the template with every variable filled in, e.g. to ask a router which route takes it. */
    public static String example(String template) {
        return VARIABLE.matcher(template).replaceAll(match -> match.group().toLowerCase(Locale.ROOT).contains("tenant")
                ? "acme" : "0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    private static List<Operation> readOperations(Map<String, Object> root) {
        List<Operation> operations = new ArrayList<>();
        Map<String, Object> paths = cast(root.getOrDefault("paths", Map.of()));
        paths.forEach((path, item) -> cast(item).forEach((key, value) -> {
            if (METHODS.contains(key)) {
                Object service = cast(value).get("x-aicockpit-service");
                operations.add(new Operation(key.toUpperCase(Locale.ROOT), path,
                        service == null ? null : service.toString(), false));
            }
        }));
        Object internal = root.getOrDefault("x-aicockpit-internal-operations", List.of());
        for (Object entry : (List<?>) internal) {
            Map<String, Object> operation = cast(entry);
            operations.add(new Operation(String.valueOf(operation.get("method")).toUpperCase(Locale.ROOT),
                    String.valueOf(operation.get("path")), String.valueOf(operation.get("service")), true));
        }
        return List.copyOf(operations);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        if (!(map instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a mapping in " + FILE + ", found " + map);
        }
        return (Map<String, Object>) map;
    }

    /** The checkout: {@code aicockpit.repo.root}, else the nearest directory up from here with docs/openapi.yaml. */
    public static Path repoRoot() {
        String configured = System.getProperty("aicockpit.repo.root");
        Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(FILE))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no " + FILE + " above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
