package io.aicockpit.query.workspace;

import static io.aicockpit.coreapi.workspace.ContainerActionType.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

@QuerySideTest
class WorkspaceProjectionIT {
    /** Axon's JDBC store keeps event timestamps to the millisecond. */
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123Z");

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenant = WorkspaceEvents.newTenant();
    private final WorkspaceApi api;
    private final WorkspaceProjection projection;
    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;

    @Autowired
    WorkspaceProjectionIT(TestRestTemplate http, WorkspaceProjection projection, JdbcTemplate jdbc,
                          EventProcessingConfiguration processing) {
        this.api = new WorkspaceApi(http);
        this.projection = projection;
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Test
    void showsEveryLifecycleStepThroughTheApi() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);

        store.append(workspace.created("api"), T0);
        JsonNode view = api.awaitVersion(tenant, workspace.workspaceId(), 0);
        assertThat(view.get("id").asText()).isEqualTo(workspace.workspaceId().toString());
        assertThat(view.get("tenantId").asText()).isEqualTo(tenant.value());
        assertThat(view.get("name").asText()).isEqualTo("api");
        assertThat(view.get("stackId").asText()).isEqualTo("python_311");
        assertThat(view.get("image").asText()).isEqualTo("aicockpit/stack-python:local");
        assertThat(view.get("status").asText()).isEqualTo("STOPPED");
        assertThat(view.get("failureReason").isNull()).isTrue();
        assertLimits(view, WorkspaceEvents.LIMITS);
        assertThat(view.at("/owner/subject").asText()).isEqualTo("ada");
        assertThat(view.at("/owner/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(view.get("nodeId").isNull()).isTrue();
        assertThat(view.get("containerId").isNull()).isTrue();
        assertThat(Instant.parse(view.get("createdAt").asText())).isEqualTo(T0);
        assertThat(Instant.parse(view.get("updatedAt").asText())).isEqualTo(T0);

        store.append(workspace.startRequested(), T0.plusSeconds(1));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 1);
        assertThat(view.get("status").asText()).isEqualTo("PROVISIONING");
        assertLimits(view, WorkspaceEvents.BIGGER_LIMITS);

        store.append(workspace.failed(START, "image not found"), T0.plusSeconds(2));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 2);
        assertThat(view.get("status").asText()).isEqualTo("FAILED");
        assertThat(view.get("failureReason").asText()).isEqualTo("image not found");
        assertThat(view.get("failedAction").asText()).isEqualTo("START");

        store.append(workspace.startRequested(), T0.plusSeconds(3));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 3);
        assertThat(view.get("status").asText()).isEqualTo("PROVISIONING");
        assertThat(view.get("failureReason").isNull()).isTrue();
        assertThat(view.get("failedAction").isNull()).isTrue();

        store.append(workspace.started("container-1"), T0.plusSeconds(4));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 4);
        assertThat(view.get("status").asText()).isEqualTo("RUNNING");
        assertThat(view.get("nodeId").asText()).isEqualTo("node-1");
        assertThat(view.get("containerId").asText()).isEqualTo("container-1");

        store.append(workspace.renamed("api-server"), T0.plusSeconds(5));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 5);
        assertThat(view.get("name").asText()).isEqualTo("api-server");
        assertThat(view.get("status").asText()).isEqualTo("RUNNING");

        store.append(workspace.stopRequested(), T0.plusSeconds(6));
        assertThat(api.awaitVersion(tenant, workspace.workspaceId(), 6).get("status").asText()).isEqualTo("STOPPING");

        store.append(workspace.stopped(), T0.plusSeconds(7));
        assertThat(api.awaitVersion(tenant, workspace.workspaceId(), 7).get("status").asText()).isEqualTo("STOPPED");

        store.append(workspace.deleteRequested(), T0.plusSeconds(8));
        assertThat(api.awaitVersion(tenant, workspace.workspaceId(), 8).get("status").asText()).isEqualTo("DELETING");

        store.append(workspace.deleted(), T0.plusSeconds(9));
        view = api.awaitVersion(tenant, workspace.workspaceId(), 9);
        assertThat(view.get("status").asText()).isEqualTo("DELETED");
        assertThat(view.get("containerId").isNull()).isTrue();
        assertThat(Instant.parse(view.get("createdAt").asText())).isEqualTo(T0);
        assertThat(Instant.parse(view.get("updatedAt").asText())).isEqualTo(T0.plusSeconds(9));
        assertThat(view.get("version").asLong()).isEqualTo(9);
    }

    @Test
    void showsACrashWithItsReasonAndClearsItOnTheNextStart() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("api"), T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(workspace.started("container-1"), T0.plusSeconds(2));
        store.append(workspace.crashed("container-1", 0, true, "killed: out of memory (OOM)"), T0.plusSeconds(3));

        JsonNode crashed = api.awaitVersion(tenant, workspace.workspaceId(), 3);
        assertThat(crashed.get("status").asText()).isEqualTo("CRASHED");
        assertThat(crashed.get("failureReason").asText()).isEqualTo("killed: out of memory (OOM)");
        assertThat(crashed.get("failedAction").isNull()).isTrue();
        assertThat(crashed.get("containerId").asText()).isEqualTo("container-1");

        store.append(workspace.startRequested(), T0.plusSeconds(4));
        JsonNode restarting = api.awaitVersion(tenant, workspace.workspaceId(), 4);
        assertThat(restarting.get("status").asText()).isEqualTo("PROVISIONING");
        assertThat(restarting.get("failureReason").isNull()).isTrue();
    }

    @Test
    void redeliveredEventsLeaveTheRowUnchanged() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceCreated created = workspace.created("api");
        WorkspaceStarted started = workspace.started("container-1");
        store.append(created, T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(started, T0.plusSeconds(2));
        api.awaitVersion(tenant, workspace.workspaceId(), 2);
        Map<String, Object> before = row(workspace);

        projection.on(created, 0, T0.plusSeconds(60));
        projection.on(workspace.created("another name"), 0, T0.plusSeconds(60));
        projection.on(started, 2, T0.plusSeconds(60));

        assertThat(row(workspace)).isEqualTo(before);
    }

    @Test
    void appliesTheNextEventAfterARedelivery() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceCreated created = workspace.created("api");
        store.append(created, T0);
        api.awaitVersion(tenant, workspace.workspaceId(), 0);
        projection.on(created, 0, T0.plusSeconds(60));

        store.append(workspace.renamed("api-server"), T0.plusSeconds(1));

        JsonNode view = api.awaitVersion(tenant, workspace.workspaceId(), 1);
        assertThat(view.get("name").asText()).isEqualTo("api-server");
        assertThat(Instant.parse(view.get("updatedAt").asText())).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void anOlderEventArrivingAfterANewerOneDoesNotRegressTheView() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("api"), T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(workspace.started("container-1"), T0.plusSeconds(2));
        api.awaitVersion(tenant, workspace.workspaceId(), 2);
        Map<String, Object> before = row(workspace);

        projection.on(workspace.failed(START, "late failure report"), 1, T0.plusSeconds(60));
        projection.on(workspace.stopped(), 1, T0.plusSeconds(60));

        assertThat(row(workspace)).isEqualTo(before);
        assertThat(api.get(tenant, workspace.workspaceId()).getBody().get("status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aNewerEventAppliedOutOfBandMovesTheViewForward() {
        WorkspaceEvents workspace = WorkspaceEvents.newWorkspace(tenant);
        store.append(workspace.created("api"), T0);
        store.append(workspace.startRequested(), T0.plusSeconds(1));
        store.append(workspace.started("container-1"), T0.plusSeconds(2));
        api.awaitVersion(tenant, workspace.workspaceId(), 2);

        projection.on(workspace.stopRequested(), 3, T0.plusSeconds(3));

        JsonNode view = api.get(tenant, workspace.workspaceId()).getBody();
        assertThat(view.get("status").asText()).isEqualTo("STOPPING");
        assertThat(view.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void replayAfterATokenResetRebuildsTheSameRows() {
        WorkspaceEvents running = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceEvents failed = WorkspaceEvents.newWorkspace(tenant);
        store.append(running.created("running"), T0);
        store.append(failed.created("failed"), T0.plusSeconds(1));
        store.append(running.startRequested(), T0.plusSeconds(2));
        store.append(failed.startRequested(), T0.plusSeconds(3));
        store.append(running.started("container-1"), T0.plusSeconds(4));
        store.append(failed.failed(START, "no capacity"), T0.plusSeconds(5));
        api.awaitVersion(tenant, running.workspaceId(), 2);
        api.awaitVersion(tenant, failed.workspaceId(), 2);
        List<Map<String, Object>> before = rowsOfTenant();
        TrackingEventProcessor processor = processing
                .eventProcessor(WorkspaceProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();

        processor.shutDown();
        try {
            processor.resetTokens();
            assertThat(rowsOfTenant()).isEmpty();
        } finally {
            processor.start();
        }

        await().atMost(WorkspaceApi.PROJECTION_DEADLINE)
                .untilAsserted(() -> assertThat(rowsOfTenant()).isEqualTo(before));
    }

    private static void assertLimits(JsonNode view, ResourceLimits limits) {
        assertThat(view.at("/limits/memoryBytes").asLong()).isEqualTo(limits.memoryBytes());
        assertThat(view.at("/limits/swapBytes").asLong()).isEqualTo(limits.swapBytes());
        assertThat(view.at("/limits/nanoCpus").asLong()).isEqualTo(limits.nanoCpus());
        assertThat(view.at("/limits/pids").asLong()).isEqualTo(limits.pids());
    }

    private Map<String, Object> row(WorkspaceEvents workspace) {
        return jdbc.queryForMap("SELECT * FROM workspace_view WHERE workspace_id = ?",
                workspace.workspaceId().value());
    }

    /** The rows without {@code change_seq}: a replay rewrites every row, so each is a new change to the stream. */
    private List<Map<String, Object>> rowsOfTenant() {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM workspace_view WHERE tenant_id = ? ORDER BY workspace_id", tenant.value());
        rows.forEach(row -> row.remove("change_seq"));
        return rows;
    }
}
