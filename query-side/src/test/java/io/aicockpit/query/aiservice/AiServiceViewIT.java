package io.aicockpit.query.aiservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
import io.aicockpit.coreapi.aiservice.AiServiceConnectionTested;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.aiservice.AiServiceRegistered;
import io.aicockpit.coreapi.aiservice.AiServiceRemoved;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.AiServiceUpdated;
import io.aicockpit.coreapi.aiservice.FallbackAiServiceSet;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.secret.SecretRef;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

@QuerySideTest
class AiServiceViewIT {
    static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
    static final Actor ADMIN = new Actor("ada", "Ada", ActorType.USER);

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenant = new TenantId("ai-" + Long.toString(System.nanoTime(), 36));
    private final SecretRef keyRef = SecretRef.random();

    @Autowired
    TestRestTemplate http;

    AiServiceSettings openAi(String name, SecretRef ref, String last4) {
        return new AiServiceSettings(name, AiServiceKind.OPENAI, "https://api.example.test/v1", ref, last4,
                "gpt-4o-mini", null, null);
    }

    @Test
    void showsServicesWithRolesAndLastTestButNoSecret() {
        AiServiceId a = AiServiceId.random();
        AiServiceId b = AiServiceId.random();
        store.append(new AiServiceRegistered(tenant, a, openAi("main", keyRef, "4b8a"), ADMIN), T0);
        store.append(new AiServiceRegistered(tenant, b, new AiServiceSettings("local", AiServiceKind.LM_STUDIO,
                "http://lm.example.test/v1", null, null, "qwen", null, null), ADMIN), T0);
        store.append(new ActiveAiServiceSet(tenant, a, ADMIN), T0);
        store.append(new FallbackAiServiceSet(tenant, b, ADMIN), T0);
        long last = store.append(new AiServiceConnectionTested(tenant, a, false, 42, "HTTP 401", ADMIN),
                T0.plusSeconds(5));

        JsonNode view = awaitVersion(a, last);

        assertThat(view.get("name").asText()).isEqualTo("main");
        assertThat(view.get("kind").asText()).isEqualTo("OPENAI");
        assertThat(view.get("apiKeyLast4").asText()).isEqualTo("4b8a");
        assertThat(view.get("active").asBoolean()).isTrue();
        assertThat(view.get("fallback").asBoolean()).isFalse();
        assertThat(view.get("lastTest").get("succeeded").asBoolean()).isFalse();
        assertThat(view.get("lastTest").get("latencyMillis").asLong()).isEqualTo(42);
        assertThat(view.get("lastTest").get("error").asText()).isEqualTo("HTTP 401");
        assertThat(view.toString()).doesNotContain(keyRef.toString());
        JsonNode list = get("/api/v1/ai-services", admin(tenant)).getBody();
        assertThat(list.get("items")).hasSize(2);
        assertThat(list.toString()).doesNotContain(keyRef.toString());
        assertThat(get("/api/v1/ai-services/" + b, admin(tenant)).getBody().get("fallback").asBoolean()).isTrue();
    }

    @Test
    void movesTheActiveRoleAndForgetsRemovedServices() {
        AiServiceId a = AiServiceId.random();
        AiServiceId b = AiServiceId.random();
        store.append(new AiServiceRegistered(tenant, a, openAi("a", keyRef, "aaaa"), ADMIN), T0);
        store.append(new AiServiceRegistered(tenant, b, openAi("b", keyRef, "bbbb"), ADMIN), T0);
        store.append(new ActiveAiServiceSet(tenant, a, ADMIN), T0);
        store.append(new ActiveAiServiceSet(tenant, b, ADMIN), T0);
        long updated = store.append(new AiServiceUpdated(tenant, b, openAi("b2", SecretRef.random(), "cccc"), ADMIN),
                T0);

        JsonNode viewB = awaitVersion(b, updated);
        assertThat(viewB.get("active").asBoolean()).isTrue();
        assertThat(viewB.get("name").asText()).isEqualTo("b2");
        assertThat(viewB.get("apiKeyLast4").asText()).isEqualTo("cccc");
        assertThat(get("/api/v1/ai-services/" + a, admin(tenant)).getBody().get("active").asBoolean()).isFalse();

        store.append(new AiServiceRemoved(tenant, b, ADMIN), T0);
        long cleared = store.append(new ActiveAiServiceSet(tenant, null, ADMIN), T0);
        awaitVersion(a, cleared);
        assertThat(get("/api/v1/ai-services/" + b, admin(tenant)).getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/v1/ai-services", admin(tenant)).getBody().get("items")).hasSize(1);
    }

    @Test
    void answersOtherTenantsWith404AndNonAdminsWith403() {
        AiServiceId a = AiServiceId.random();
        long seq = store.append(new AiServiceRegistered(tenant, a, openAi("main", keyRef, "4b8a"), ADMIN), T0);
        awaitVersion(a, seq);

        ResponseEntity<JsonNode> foreign = get("/api/v1/ai-services/" + a, admin(new TenantId("other-" + tenant.value())));
        assertThat(foreign.getStatusCode().value()).isEqualTo(404);
        assertThat(foreign.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:ai-service-not-found");
        ResponseEntity<JsonNode> developer = get("/api/v1/ai-services", headers(tenant, "DEVELOPER"));
        assertThat(developer.getStatusCode().value()).isEqualTo(403);
        assertThat(developer.getBody().get("type").asText()).isEqualTo("urn:aicockpit:problem:forbidden");
        assertThat(developer.getBody().get("requestId").asText()).isNotBlank();
        assertThat(get("/api/v1/ai-services/" + a, headers(tenant, "AUDITOR")).getStatusCode().value()).isEqualTo(403);
    }

    private JsonNode awaitVersion(AiServiceId id, long version) {
        JsonNode[] view = new JsonNode[1];
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(25)).until(() -> {
            ResponseEntity<JsonNode> r = get("/api/v1/ai-services/" + id, admin(tenant));
            view[0] = r.getBody();
            return r.getStatusCode().value() == 200 && r.getBody().get("version").asLong() >= version;
        });
        return view[0];
    }

    private ResponseEntity<JsonNode> get(String path, HttpHeaders headers) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), JsonNode.class);
    }

    static HttpHeaders admin(TenantId tenant) {
        return headers(tenant, "ORG_ADMIN");
    }

    static HttpHeaders headers(TenantId tenant, String role) {
        HttpHeaders h = new HttpHeaders();
        h.set(InternalIdentity.HEADER, TestIdentityTokens.token(tenant.value(), "ada", role));
        return h;
    }
}
