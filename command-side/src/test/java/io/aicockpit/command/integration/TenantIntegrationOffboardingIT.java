package io.aicockpit.command.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/** Offboarding a tenant's integrations revokes every credential at once and removes its topics after the grace. */
class TenantIntegrationOffboardingIT extends CommandSideIT {

    @Test
    void offboardingRevokesEveryCredentialAndRemovesTheTopics() throws Exception {
        String tenant = onboard("offb");
        String prefix = "aicockpit.tenant." + tenant + ".";
        List<JsonNode> credentials = List.of(create(tenant, "siem"), create(tenant, "billing"));
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix)).count() == 3);

            assertThat(status(tenant, "admin-1", "ORG_ADMIN", "PT0S")).isEqualTo(403);
            assertThat(status(null, "operator-1", "PLATFORM_OPERATOR", "soon")).isEqualTo(400);
            assertThat(status(null, "operator-1", "PLATFORM_OPERATOR", "P91D")).isEqualTo(400);

            JsonNode answer = client.delete().uri("/api/v1/tenants/" + tenant + "/integrations?topicGracePeriod=PT0S")
                    .headers(operator()).retrieve().body(JsonNode.class);
            assertThat(answer.get("revokedCredentials").asInt()).isEqualTo(2);

            for (JsonNode credential : credentials) {
                Map<String, Object> login = new HashMap<>(TestKafka.clientProperties(
                        credential.get("principal").asText(), credential.get("secret").asText()));
                login.put("request.timeout.ms", 10_000);
                login.put("default.api.timeout.ms", 20_000);
                try (Admin asIntegration = Admin.create(login)) {
                    assertThatThrownBy(() -> asIntegration.listTopics().names().get(30, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(SaslAuthenticationException.class);
                }
            }
            assertThat(client.get().uri("/api/v1/integrations/credentials").headers(as(tenant, "admin-1", "ORG_ADMIN"))
                    .retrieve().body(JsonNode.class).get("items").findValuesAsText("status"))
                    .containsExactly("REVOKED", "REVOKED");
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().stream()
                    .noneMatch(t -> t.startsWith(prefix)));
        }
    }

    @Test
    void topicsStayDuringTheGracePeriod() throws Exception {
        String tenant = onboard("grace");
        String prefix = "aicockpit.tenant." + tenant + ".";
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(prefix)).count() == 3);
            JsonNode answer = client.delete().uri("/api/v1/tenants/" + tenant + "/integrations?topicGracePeriod=P1D")
                    .headers(operator()).retrieve().body(JsonNode.class);
            assertThat(answer.get("revokedCredentials").asInt()).isZero();
            assertThat(admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).count())
                    .isEqualTo(3);
        }
    }

    private String onboard(String prefix) {
        String tenant = uniqueTenant(prefix);
        assertThat(client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 1)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
        return tenant;
    }

    private JsonNode create(String tenant, String name) {
        return client.post().uri("/api/v1/integrations/credentials").headers(as(tenant, "admin-1", "ORG_ADMIN"))
                .body(Map.of("name", name)).retrieve().body(JsonNode.class);
    }

    private int status(String tenant, String user, String roles, String grace) {
        return client.delete().uri("/api/v1/tenants/" + (tenant == null ? "offb-x" : tenant)
                        + "/integrations?topicGracePeriod=" + grace).headers(as(tenant, user, roles)).retrieve()
                .toBodilessEntity().getStatusCode().value();
    }
}
