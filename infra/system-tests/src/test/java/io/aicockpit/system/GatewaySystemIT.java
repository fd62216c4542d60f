package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.aicockpit.system.Platform.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Everything through the gateway, with tokens from a real OIDC provider: a developer runs a workspace; every
 * workspace route answers the owner, and answers 404 to another tenant and 401 to missing or bad tokens, without
 * a byte of the owner's data in those answers.
 */
class GatewaySystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;
    static ServiceProcess gateway;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
    }

    @Test
    void developerRunsAWorkspaceThroughTheGateway() throws Exception {
        String tenant = onboard("gw");
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        Response created = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "through-gateway", "stackId", "busybox"));
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        String id = created.body().get("workspaceId").asText();

        assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> {
            Response r = platform.get(gateway, "/api/v1/workspaces/" + id, bearer(Idp.userToken(tenant, "alice")));
            return r.status() == 200 && "RUNNING".equals(r.body().get("status").asText());
        });
        JsonNode view = platform.get(gateway, "/api/v1/workspaces/" + id, alice).body();
        assertThat(view.at("/owner/subject").asText()).isEqualTo("alice");
        assertThat(platform.containersOf(id)).hasSize(1);

        assertThat(platform.send(gateway, "DELETE", "/api/v1/workspaces/" + id, alice, null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        assertThat(platform.containersOf(id)).isEmpty();
    }

    @Test
    void tenantIsolationMatrixOverEveryWorkspaceRoute() throws Exception {
        String owner = onboard("iso-a");
        String other = onboard("iso-b");
        String secretName = "secret-" + UUID.randomUUID();
        Map<String, String> ownerDev = bearer(Idp.userToken(owner, "alice"));
        String id = platform.post(gateway, "/api/v1/workspaces", ownerDev,
                Map.of("name", secretName, "stackId", "busybox")).body().get("workspaceId").asText();
        await().atMost(SETTLE).until(() -> platform.get(gateway, "/api/v1/workspaces/" + id,
                bearer(Idp.userToken(owner, "alice"))).status() == 200);

        // each route as the owner would call it, and the state the workspace settles in afterwards
        record Route(String method, String path, Object body, int ownerStatus, String settlesIn) {}
        List<Route> routes = List.of(
                new Route("GET", "/api/v1/workspaces", null, 200, "STOPPED"),
                new Route("GET", "/api/v1/workspaces/" + id, null, 200, "STOPPED"),
                new Route("PATCH", "/api/v1/workspaces/" + id, Map.of("name", secretName), 204, "STOPPED"),
                new Route("POST", "/api/v1/workspaces/" + id + "/stop", null, 409, "STOPPED"),
                new Route("POST", "/api/v1/workspaces/" + id + "/start", null, 202, "RUNNING"),
                new Route("POST", "/api/v1/workspaces/" + id + "/stop", null, 202, "STOPPED"),
                new Route("DELETE", "/api/v1/workspaces/" + id, null, 202, "DELETED"),
                new Route("POST", "/api/v1/workspaces", Map.of("name", "new", "stackId", "busybox"), 201, "DELETED"));

        Map<String, Map<String, String>> unauthenticated = badTokens(owner);
        List<String> failures = new ArrayList<>();
        for (Route route : routes) {
            // another tenant: 404 for the owner's workspace; its own list and create work but never show the owner's
            Response foreign = platform.send(gateway, route.method(), route.path(),
                    bearer(Idp.userToken(other, "carol")), route.body());
            int expectedForeign = route.path().equals("/api/v1/workspaces") ? route.ownerStatus() : 404;
            check(failures, "other tenant " + route, foreign, expectedForeign, id, secretName);

            for (Map.Entry<String, Map<String, String>> bad : unauthenticated.entrySet()) {
                Response r = platform.send(gateway, route.method(), route.path(), bad.getValue(), route.body());
                check(failures, bad.getKey() + " " + route, r, 401, id, secretName);
            }

            Response own = platform.send(gateway, route.method(), route.path(),
                    bearer(Idp.userToken(owner, "alice")), route.body());
            if (own.status() != route.ownerStatus()) {
                failures.add("owner " + route + " → " + own.status() + " " + own.body());
            }
            await().atMost(SETTLE).until(() -> route.settlesIn().equals(platform.status(owner, id)));
        }
        assertThat(failures).isEmpty();
        assertThat(platform.containersOf(id)).isEmpty();
    }

    @Test
    void servicesRefuseCallsThatBypassTheGateway() throws Exception {
        String tenant = onboard("bypass");
        String realToken = Idp.userToken(tenant, "alice");
        Map<String, String> forgedHeaders = Map.of("X-AiCockpit-Tenant", tenant, "X-AiCockpit-User", "alice",
                "X-AiCockpit-Roles", "ORG_ADMIN", "Authorization", "Bearer " + realToken);
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces", forgedHeaders,
                Map.of("name", "sneaky", "stackId", "busybox")).status()).isEqualTo(401);
        assertThat(platform.get(platform.querySide, "/api/v1/workspaces", forgedHeaders).status()).isEqualTo(401);
    }

    @Test
    void auditTrailHoldsExactlyTheScriptedRequestsAndItsChainVerifies() throws Exception {
        String tenant = onboard("audit");
        Idp.grant(tenant, "admin", "ORG_ADMIN");
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        String first = platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "a1", "stackId", "busybox"))
                .body().get("workspaceId").asText();
        platform.post(gateway, "/api/v1/workspaces", alice, Map.of("name", "a2", "stackId", "busybox"));
        assertThat(platform.send(gateway, "PATCH", "/api/v1/workspaces/" + first, alice, Map.of("name", "a1b"))
                .status()).isEqualTo(204);
        platform.get(gateway, "/api/v1/workspaces", alice);                         // reads are not audited
        assertThat(platform.get(gateway, "/api/v1/audit", alice).status()).isEqualTo(403);   // denied: audited

        Map<String, String> admin = bearer(Idp.userToken(tenant, "admin"));
        await().atMost(SETTLE).until(() -> platform.get(gateway, "/api/v1/audit?actor=alice", admin).body()
                .get("items").size() >= 4);
        JsonNode items = platform.get(gateway, "/api/v1/audit?actor=alice", admin).body().get("items");
        assertThat(items).hasSize(4);
        List<String> seen = new ArrayList<>();
        items.forEach(i -> seen.add(i.get("action").asText() + " " + i.get("outcome").asText() + " "
                + i.get("status").asInt()));
        assertThat(seen).containsExactlyInAnyOrder(
                "POST /api/v1/workspaces ALLOWED 201", "POST /api/v1/workspaces ALLOWED 201",
                "PATCH /api/v1/workspaces/{id} ALLOWED 204", "GET /api/v1/audit DENIED 403");
        items.forEach(i -> {
            assertThat(i.get("tenantId").asText()).isEqualTo(tenant);
            assertThat(i.at("/actor/subject").asText()).isEqualTo("alice");
            assertThat(i.get("requestId").asText()).isNotBlank();
            assertThat(i.toString()).doesNotContain("Bearer").doesNotContain(alice.get("Authorization").substring(7));
        });
        JsonNode verify = platform.get(gateway, "/api/v1/audit/verify", admin).body();
        assertThat(verify.get("intact").asBoolean()).as("%s", verify).isTrue();
    }

    private static String onboard(String prefix) throws Exception {
        return platform.onboardThroughGateway(prefix, null);
    }

    /** Every kind of token the gateway must refuse, each as the headers of a request. */
    private static Map<String, Map<String, String>> badTokens(String tenant) throws Exception {
        String valid = Idp.userToken(tenant, "alice");
        Map<String, Map<String, String>> bad = new LinkedHashMap<>();
        bad.put("no token", Map.of());
        bad.put("unknown issuer", bearer(Idp.userToken("never-registered", "alice")));
        bad.put("expired", bearer(Idp.expiredUserToken(tenant, "alice")));
        bad.put("wrong audience", bearer(Idp.userTokenWithAudience(tenant, "alice", "someone-else")));
        bad.put("alg none", bearer(new PlainJWT(JWTClaimsSet.parse(SignedJWT.parse(valid).getJWTClaimsSet()
                .toJSONObject())).serialize()));
        String[] parts = valid.split("\\.");
        JsonNode payload = Platform.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("sub", "mallory");
        bad.put("tampered", bearer(parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Platform.JSON.writeValueAsBytes(payload)) + "." + parts[2]));
        SignedJWT unknownKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-a-known-kid")
                .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder()
                .issuer(Idp.issuer(tenant)).audience("aicockpit").subject("alice")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date()).build());
        unknownKey.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        bad.put("unknown kid", bearer(unknownKey.serialize()));
        return bad;
    }

    private static void check(List<String> failures, String what, Response r, int expected, String id,
                              String secretName) {
        if (r.status() != expected) {
            failures.add(what + " → " + r.status() + " (expected " + expected + ") " + r.body());
        }
        String body = r.body() == null ? "" : r.body().toString();
        if (body.contains(secretName)) {
            failures.add(what + " leaked the owner's workspace: " + body);
        }
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }
}
