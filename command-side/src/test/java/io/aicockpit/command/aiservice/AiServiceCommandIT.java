package io.aicockpit.command.aiservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.coreapi.secret.SecretRef;
import io.aicockpit.support.secret.SecretCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

class AiServiceCommandIT extends CommandSideIT {
    static final String KEY = "sk-test-PLAINTEXT-7f3a9c2e51d04b8a";
    /** How long the upstream takes to answer: the measured latency cannot be less. */
    static final long UPSTREAM_DELAY_MILLIS = 300;
    static HttpServer upstream;

    @Autowired
    JdbcTemplate jdbc;

    String tenant;

    /**
     * A tiny OpenAI-compatible upstream: /v1/models answers 200 for the right bearer key, 401 (echoing it) otherwise,
     * after {@link #UPSTREAM_DELAY_MILLIS}, as a remote service takes its time.
     */
    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // the answer is scheduled UPSTREAM_DELAY_MILLIS after the request arrived: latency the connection test must
        // measure (asserted below), not a wait of the test's own
        Executor later = CompletableFuture.delayedExecutor(UPSTREAM_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        upstream.createContext("/v1/models", exchange -> later.execute(() -> {
            boolean ok = ("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String given = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\"}]}"
                    : "{\"error\":{\"message\":\"Incorrect API key provided: " + given.replace("Bearer ", "")
                    + "\",\"type\":\"invalid_request_error\"}}").getBytes(StandardCharsets.UTF_8);
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        upstream.start();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop(0);
    }

    @BeforeEach
    void newTenant() {
        tenant = uniqueTenant("ai");
    }

    static String upstreamUrl() {
        return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1";
    }

    static Map<String, Object> openAi(String name, String baseUrl, String key) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name, "kind", "OPENAI", "baseUrl", baseUrl,
                "defaultModel", "gpt-4o-mini"));
        if (key != null) {
            body.put("apiKey", key);
        }
        return body;
    }

    Consumer<HttpHeaders> admin() {
        return as(tenant, "admin-1", "ORG_ADMIN");
    }

    @Test
    void storesTheKeyEncryptedAndNowhereInClear() {
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, "/api/v1/ai-services", admin(),
                openAi("main", upstreamUrl(), KEY));

        assertThat(r.getStatusCode().value()).isEqualTo(201);
        assertThat(r.getBody().get("apiKeyLast4").asText()).isEqualTo("4b8a");
        assertThat(r.getBody().toString()).doesNotContain(KEY);
        Map<String, Object> row = jdbc.queryForMap("SELECT ref, ciphertext FROM secrets.secret WHERE tenant_id = ?",
                tenant);
        byte[] ciphertext = (byte[]) row.get("ciphertext");
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(KEY);
        assertThat(SecretCipher.fromBase64(SECRETS_KEY).decrypt(tenant, new SecretRef((UUID) row.get("ref")),
                ciphertext)).isEqualTo(KEY);
        List<String> events = eventRows();
        assertThat(events).isNotEmpty().noneMatch(e -> e.contains(KEY))
                .noneMatch(e -> e.contains(java.util.Base64.getEncoder().encodeToString(ciphertext)))
                .anyMatch(e -> e.contains(row.get("ref").toString()) && e.contains("4b8a"));
    }

    @Test
    void aRefusedRegistrationLeavesNoSecretBehind() {
        assertThat(send(HttpMethod.POST, "/api/v1/ai-services", admin(), openAi("main", upstreamUrl(), KEY))
                .getStatusCode().value()).isEqualTo(201);

        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", admin(), openAi("MAIN", upstreamUrl(), KEY + "x")),
                409, "ai-service-name-taken");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM secrets.secret WHERE tenant_id = ?", Integer.class,
                tenant)).isEqualTo(1);
    }

    @Test
    void testsTheConnectionForRealAndRecordsTheResult() {
        String id = register(openAi("main", upstreamUrl(), KEY));

        ResponseEntity<JsonNode> r = send(HttpMethod.POST, "/api/v1/ai-services/" + id + "/test", admin(), null);

        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getBody().get("succeeded").asBoolean()).isTrue();
        long latency = r.getBody().get("latencyMillis").asLong();
        assertThat(latency).isBetween(UPSTREAM_DELAY_MILLIS, 10_000L);
        assertThat(r.getBody().get("error").isNull()).isTrue();
        assertThat(eventRows()).anyMatch(e -> e.contains("\"succeeded\":true")
                && e.contains("\"latencyMillis\":" + latency));
    }

    @Test
    void reportsARefusedKeyWithoutEchoingIt() {
        String wrongKey = "sk-test-WRONG-0000111122223333";
        String id = register(openAi("wrong", upstreamUrl(), wrongKey));

        ResponseEntity<JsonNode> r = send(HttpMethod.POST, "/api/v1/ai-services/" + id + "/test", admin(), null);

        assertThat(r.getBody().get("succeeded").asBoolean()).isFalse();
        assertThat(r.getBody().get("error").asText()).startsWith("HTTP 401").contains("Incorrect API key")
                .doesNotContain(wrongKey).hasSizeLessThanOrEqualTo(200);
        assertThat(eventRows()).noneMatch(e -> e.contains(wrongKey)).anyMatch(e -> e.contains("HTTP 401"));
    }

    @Test
    void reportsARefusedConnection() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String id = register(openAi("gone", "http://127.0.0.1:" + closedPort + "/v1", KEY));

        ResponseEntity<JsonNode> r = send(HttpMethod.POST, "/api/v1/ai-services/" + id + "/test", admin(), null);

        assertThat(r.getBody().get("succeeded").asBoolean()).isFalse();
        assertThat(r.getBody().get("error").asText()).isEqualTo("connection refused");
    }

    @Test
    void refusesInternalAddressesAsBaseUrl() {
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", admin(),
                openAi("meta", "http://169.254.169.254/latest", KEY)), 422, "outbound-url-refused");
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", admin(),
                openAi("lan", "http://10.0.0.1/v1", KEY)), 422, "outbound-url-refused");
        String id = register(openAi("ok", upstreamUrl(), KEY));
        assertProblem(send(HttpMethod.PATCH, "/api/v1/ai-services/" + id, admin(),
                Map.of("baseUrl", "http://10.0.0.1/v1")), 422, "outbound-url-refused");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM secrets.secret WHERE tenant_id = ?", Integer.class,
                tenant)).isEqualTo(1);
    }

    @Test
    void onlyOrgAdminsManageServices() {
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", as(tenant, "dev-1", "DEVELOPER"),
                openAi("main", upstreamUrl(), KEY)), 403, "forbidden");
        String id = register(openAi("main", upstreamUrl(), KEY));
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services/" + id + "/test", as(tenant, "aud", "AUDITOR"), null),
                403, "forbidden");
        assertProblem(send(HttpMethod.DELETE, "/api/v1/ai-services/" + id, as(tenant, "dev-1", "DEVELOPER"), null),
                403, "forbidden");
    }

    @Test
    void refusesUnknownFieldsAndAzureWithoutDeployment() {
        Map<String, Object> extra = openAi("main", upstreamUrl(), KEY);
        extra.put("organization", "x");
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", admin(), extra), 400, "invalid-request");
        Map<String, Object> azure = openAi("az", upstreamUrl(), KEY);
        azure.put("kind", "AZURE_OPENAI");
        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services", admin(), azure), 422, "invalid-ai-service");
    }

    @Test
    void managesActiveAndFallbackAndForgetsRemovedServices() {
        String a = register(openAi("a", upstreamUrl(), KEY));
        String b = register(Map.of("name", "b", "kind", "LM_STUDIO", "baseUrl", upstreamUrl(), "defaultModel", "m"));

        assertThat(send(HttpMethod.PUT, "/api/v1/ai-services/active", admin(), Map.of("aiServiceId", a))
                .getStatusCode().value()).isEqualTo(204);
        assertProblem(send(HttpMethod.PUT, "/api/v1/ai-services/fallback", admin(), Map.of("aiServiceId", a)), 422,
                "invalid-ai-service");
        assertThat(send(HttpMethod.PUT, "/api/v1/ai-services/fallback", admin(), Map.of("aiServiceId", b))
                .getStatusCode().value()).isEqualTo(204);
        assertThat(send(HttpMethod.DELETE, "/api/v1/ai-services/" + a, admin(), null).getStatusCode().value())
                .isEqualTo(204);

        assertProblem(send(HttpMethod.POST, "/api/v1/ai-services/" + a + "/test", admin(), null), 404,
                "ai-service-not-found");
        assertProblem(send(HttpMethod.PATCH, "/api/v1/ai-services/" + a, admin(), Map.of("name", "again")), 404,
                "ai-service-not-found");
        assertProblem(send(HttpMethod.DELETE, "/api/v1/ai-services/" + b, as(uniqueTenant("other"), "x", "ORG_ADMIN"),
                null), 404, "ai-service-not-found");
        assertThat(eventRows()).anyMatch(e -> e.contains("\"aiServiceId\":null"));
    }

    private String register(Map<String, Object> body) {
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, "/api/v1/ai-services", admin(), body);
        assertThat(r.getStatusCode().value()).as("register: %s", r.getBody()).isEqualTo(201);
        return r.getBody().get("aiServiceId").asText();
    }

    private List<String> eventRows() {
        return jdbc.query("SELECT payload, metadata FROM eventstore.domainevententry WHERE aggregateidentifier = ?",
                (rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8) + " "
                        + (rs.getBytes(2) == null ? "" : new String(rs.getBytes(2), StandardCharsets.UTF_8)),
                "ai-services:" + tenant);
    }

    private ResponseEntity<JsonNode> send(HttpMethod method, String path, Consumer<HttpHeaders> headers, Object body) {
        var spec = client.method(method).uri(path).headers(headers);
        if (body != null) {
            spec = spec.body(body);
        }
        return spec.retrieve().toEntity(JsonNode.class);
    }

    static void assertProblem(ResponseEntity<JsonNode> r, int status, String kind) {
        assertThat(r.getStatusCode().value()).as("status of %s", r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(r.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:" + kind);
        assertThat(r.getBody().get("requestId").asText()).isNotBlank();
    }
}
