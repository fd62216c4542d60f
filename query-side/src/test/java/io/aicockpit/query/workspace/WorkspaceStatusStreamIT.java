package io.aicockpit.query.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.query.CommandSideEvents;
import io.aicockpit.query.QuerySideTest;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code GET /api/v1/workspaces/events} over real HTTP against the real projection: changes arrive as they are
 * projected, a reconnect with {@code Last-Event-ID} gets only what changed after it, and nobody sees a workspace
 * they could not read with {@code GET /api/v1/workspaces/{id}}.
 */
@QuerySideTest
class WorkspaceStatusStreamIT {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final CommandSideEvents store = new CommandSideEvents();
    private final TenantId tenant = WorkspaceEvents.newTenant();
    private final TenantId otherTenant = WorkspaceEvents.newTenant();
    private final List<EventStreamClient> opened = new ArrayList<>();
    private final WorkspaceApi api;

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceStatusStreamIT(TestRestTemplate http) {
        this.api = new WorkspaceApi(http);
    }

    @AfterEach
    void closeStreams() {
        opened.forEach(EventStreamClient::close);
    }

    private EventStreamClient open(TenantId tenantId, String subject, String role, String lastEventId) {
        EventStreamClient client = EventStreamClient.open(URI.create("http://127.0.0.1:" + port
                + "/api/v1/workspaces/events"), TestIdentityTokens.token(tenantId.value(), subject, role), lastEventId);
        opened.add(client);
        return client;
    }

    @Test
    void streamsTheTenantsWorkspacesAsTheyChangeAndNothingOfAnotherTenant() {
        WorkspaceEvents mine = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceEvents foreign = WorkspaceEvents.newWorkspace(otherTenant);
        EventStreamClient stream = open(tenant, "ada", "ORG_ADMIN", null);
        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.contentType).startsWith("text/event-stream");

        store.append(mine.created("mine"), T0);
        store.append(foreign.created("foreign"), T0);
        store.append(mine.startRequested(), T0.plusSeconds(1));
        store.append(foreign.startRequested(), T0.plusSeconds(1));
        store.append(mine.started("c-1"), T0.plusSeconds(2));
        store.append(foreign.started("c-2"), T0.plusSeconds(2));

        await().atMost(WAIT).until(() -> stream.about(mine.workspaceId()).stream()
                .anyMatch(event -> event.data().path("status").asText().equals("RUNNING")));
        api.awaitVersion(otherTenant, foreign.workspaceId(), 2);
        List<EventStreamClient.Event> events = stream.about(mine.workspaceId());
        assertThat(events).allMatch(event -> event.name().equals("workspace"));
        assertThat(events.getLast().data().path("nodeId").asText()).isEqualTo("node-1");
        assertThat(events).extracting(EventStreamClient.Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(stream.events).allMatch(event -> event.data().path("tenantId").asText().equals(tenant.value()));
    }

    @Test
    void resumesAfterTheLastEventIdWithOnlyWhatChangedSince() {
        WorkspaceEvents unchanged = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceEvents changing = WorkspaceEvents.newWorkspace(tenant);
        store.append(unchanged.created("unchanged"), T0);
        store.append(changing.created("changing"), T0);
        api.awaitVersion(tenant, changing.workspaceId(), 0);
        EventStreamClient first = open(tenant, "ada", "ORG_ADMIN", null);
        await().atMost(WAIT).until(() -> !first.about(changing.workspaceId()).isEmpty()
                && !first.about(unchanged.workspaceId()).isEmpty());
        long lastSeen = first.events.getLast().id();
        first.close();

        store.append(changing.startRequested(), T0.plusSeconds(1));
        store.append(changing.started("c-1"), T0.plusSeconds(2));
        api.awaitVersion(tenant, changing.workspaceId(), 2);
        EventStreamClient resumed = open(tenant, "ada", "ORG_ADMIN", Long.toString(lastSeen));
        EventStreamClient fresh = open(tenant, "ada", "ORG_ADMIN", null);

        await().atMost(WAIT).until(() -> resumed.about(changing.workspaceId()).stream()
                .anyMatch(event -> event.data().path("status").asText().equals("RUNNING")));
        await().atMost(WAIT).until(() -> !fresh.about(unchanged.workspaceId()).isEmpty()
                && !fresh.about(changing.workspaceId()).isEmpty());
        assertThat(resumed.events).allMatch(event -> event.id() > lastSeen);
        assertThat(resumed.about(unchanged.workspaceId())).isEmpty();
    }

    @Test
    void showsADeveloperOnlyTheirOwnWorkspaces() {
        WorkspaceEvents adas = WorkspaceEvents.newWorkspace(tenant);
        WorkspaceEvents bobs = WorkspaceEvents.newWorkspace(tenant);
        EventStreamClient bob = open(tenant, "bob", "DEVELOPER", null);
        EventStreamClient admin = open(tenant, "ada", "ORG_ADMIN", null);

        store.append(adas.created("ada's"), T0);
        store.append(bobs.createdBy("bob's", new Actor("bob", "Bob", ActorType.USER)), T0);

        await().atMost(WAIT).until(() -> !bob.about(bobs.workspaceId()).isEmpty()
                && !admin.about(adas.workspaceId()).isEmpty() && !admin.about(bobs.workspaceId()).isEmpty());
        assertThat(bob.events).allMatch(event -> event.data().path("owner").path("subject").asText().equals("bob"));
    }

    @Test
    void refusesAStreamAboveThePerUserBoundButNotAnotherUsers() {
        for (int i = 0; i < 5; i++) {
            assertThat(open(tenant, "greedy", "DEVELOPER", null).status).isEqualTo(200);
        }

        EventStreamClient refused = open(tenant, "greedy", "DEVELOPER", null);
        EventStreamClient colleague = open(tenant, "modest", "DEVELOPER", null);

        assertThat(refused.status).isEqualTo(429);
        assertThat(refused.body).contains("urn:aicockpit:problem:too-many-streams").contains("requestId");
        assertThat(colleague.status).isEqualTo(200);
    }

    @Test
    void refusesALastEventIdItNeverSent() {
        EventStreamClient refused = open(tenant, "ada", "ORG_ADMIN", "not-a-cursor");

        assertThat(refused.status).isEqualTo(400);
        assertThat(refused.body).contains("Last-Event-ID");
    }
}
