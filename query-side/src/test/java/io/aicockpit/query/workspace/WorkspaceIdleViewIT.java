package io.aicockpit.query.workspace;

import io.aicockpit.testsupport.kafka.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopCancelled;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopWarned;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The idle parts of the workspace view: the pending warning, the stop reason and the nodes' last activity. */
@QuerySideTest
class WorkspaceIdleViewIT {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123Z");

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenant = WorkspaceEvents.newTenant();
    private final WorkspaceApi api;

    @Autowired
    WorkspaceIdleViewIT(TestRestTemplate http) {
        this.api = new WorkspaceApi(http);
    }

    @Test
    void showsTheIdleWarningUntilWithdrawnAndTheReasonOfAnIdleStop() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("idle"), T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(workspace.started("c1"), T0.plusSeconds(2));
        Instant stopAt = T0.plusSeconds(1800);

        store.append(new WorkspaceIdleStopWarned(workspace.workspaceId(), tenant, T0.plusSeconds(2), stopAt),
                T0.plusSeconds(1500));
        JsonNode view = api.awaitVersion(tenant, workspace.workspaceId(), 3);
        assertThat(Instant.parse(view.get("idleStopAt").asText())).isEqualTo(stopAt);
        assertThat(view.get("status").asText()).isEqualTo("RUNNING");

        store.append(new WorkspaceIdleStopCancelled(workspace.workspaceId(), tenant, T0.plusSeconds(1600)),
                T0.plusSeconds(1600));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 4);
        assertThat(view.get("idleStopAt").isNull()).isTrue();

        store.append(new WorkspaceIdleStopWarned(workspace.workspaceId(), tenant, T0.plusSeconds(1600),
                T0.plusSeconds(3400)), T0.plusSeconds(3100));
        store.append(new WorkspaceStopRequested(workspace.workspaceId(), tenant, ActionId.random(), Actor.SYSTEM,
                StopReason.IDLE), T0.plusSeconds(3400));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 6);
        assertThat(view.get("status").asText()).isEqualTo("STOPPING");
        assertThat(view.get("stopReason").asText()).isEqualTo("IDLE");
        assertThat(view.get("idleStopAt").isNull()).isTrue();

        store.append(workspace.startRequested(), T0.plusSeconds(3500));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 7);
        assertThat(view.get("stopReason").isNull()).isTrue();
    }

    @Test
    void aUserStopNamesNoIdleReason() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("stopped"), T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(workspace.started("c1"), T0.plusSeconds(2));
        store.append(workspace.stopRequested(), T0.plusSeconds(3));
        assertThat(api.awaitVersion(tenant, workspace.workspaceId(), 3).get("stopReason").asText())
                .isEqualTo("REQUESTED");
    }

    @Test
    void lastActivityOnlyMovesForward() throws Exception {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceEvents marker = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("used"), T0);
        store.append(marker.created("marker"), T0);
        assertThat(api.awaitVersion(tenant, workspace.workspaceId(), 0).get("lastActivityAt").isNull()).isTrue();
        api.awaitVersion(tenant, marker.workspaceId(), 0);

        Instant newer = Instant.parse("2026-03-01T10:00:00.500Z");
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, workspace, newer);
            await().atMost(Duration.ofSeconds(20)).until(() -> newer.equals(lastActivity(workspace)));

            // an older report, then the marker's on the same partition (same key): once the marker shows, the
            // older report was handled too
            send(producer, workspace, newer.minusSeconds(60));
            producer.send(new ProducerRecord<>(QuerySideTest.ACTIVITY_TOPIC, workspace.workspaceId().toString(),
                    activity(marker, newer))).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> newer.equals(lastActivity(marker)));
        assertThat(lastActivity(workspace)).isEqualTo(newer);
    }

    @Test
    void anotherTenantsReportChangesNothing() throws Exception {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("mine"), T0);
        api.awaitVersion(tenant, workspace.workspaceId(), 0);
        WorkspaceEvents forged = new WorkspaceEvents(workspace.workspaceId(), WorkspaceEvents.newTenant());
        WorkspaceEvents twin = WorkspaceEvents.newWorkspace(tenant);
        store.append(twin.created("twin"), T0);
        api.awaitVersion(tenant, twin.workspaceId(), 0);

        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, forged, at);
            producer.send(new ProducerRecord<>(QuerySideTest.ACTIVITY_TOPIC, workspace.workspaceId().toString(),
                    activity(twin, at))).get();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> at.equals(lastActivity(twin)));
        assertThat(lastActivity(workspace)).isNull();
    }

    private Instant lastActivity(WorkspaceEvents workspace) {
        JsonNode view = api.get(tenant, workspace.workspaceId()).getBody();
        return view == null || view.path("lastActivityAt").isNull() || view.path("lastActivityAt").isMissingNode()
                ? null : Instant.parse(view.get("lastActivityAt").asText());
    }

    private static KafkaProducer<String, String> producer() {
        Properties config = new Properties();
        config.putAll(TestKafka.clientProperties());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, WorkspaceEvents workspace, Instant at)
            throws Exception {
        producer.send(new ProducerRecord<>(QuerySideTest.ACTIVITY_TOPIC, workspace.workspaceId().toString(),
                activity(workspace, at))).get();
    }

    private static String activity(WorkspaceEvents workspace, Instant at) {
        return """
                {"workspaceId":"%s","tenantId":"%s","nodeId":"node-1","lastActivityAt":"%s","kinds":["TERMINAL"]}"""
                .formatted(workspace.workspaceId(), workspace.tenantId(), at);
    }
}
