package io.aicockpit.command.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aicockpit.command.support.CommandSideIT;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** Onboarding a tenant creates its three public topics with the documented partitions, retention and cleanup. */
class TenantTopicsIT extends CommandSideIT {

    @Test
    void onboardingCreatesTheTenantsPublicTopics() throws Exception {
        String tenant = uniqueTenant("topics");
        assertThat(client.post().uri("/api/v1/tenants").headers(operator()).body(tenantBody(tenant, 1)).retrieve()
                .toBodilessEntity().getStatusCode().value()).isEqualTo(201);
        List<String> topics = TenantTopics.SUFFIXES.stream().map(s -> "aicockpit.tenant." + tenant + "." + s).toList();
        try (Admin admin = Admin.create(TestKafka.clientProperties())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.listTopics().names().get().containsAll(topics));
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            assertThat(described.values()).allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get(30, TimeUnit.SECONDS);
            assertThat(configs.values()).allSatisfy(c -> {
                assertThat(c.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
                assertThat(c.get("cleanup.policy").value()).isEqualTo("delete");
            });
        }
    }
}
