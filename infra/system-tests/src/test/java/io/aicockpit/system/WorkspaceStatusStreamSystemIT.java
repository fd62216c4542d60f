package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live status stream through the real gateway, IdP, services and Docker engine: a developer watches her
 * workspace start on {@code GET /api/v1/workspaces/events}, reconnects with {@code Last-Event-ID} and gets what she
 * missed; a user of another tenant, watching at the same time, sees nothing of it.
 */
class WorkspaceStatusStreamSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;
    static ServiceProcess gateway;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static EventStream watch(String tenant, String user, String lastEventId) throws Exception {
        EventStream stream = EventStream.open(gateway.url("/api/v1/workspaces/events"),
                bearer(Idp.userToken(tenant, user)), lastEventId);
        assertThat(stream.status).isEqualTo(200);
        return stream;
    }

    @Test
    void streamShowsTheStartLiveResumesAfterAReconnectAndShowsNothingToAnotherTenant() throws Exception {
        String tenant = platform.onboardThroughGateway("stream", null);
        String other = platform.onboardThroughGateway("stream-other", null);
        Map<String, String> alice = bearer(Idp.userToken(tenant, "alice"));
        try (EventStream live = watch(tenant, "alice", null); EventStream outsider = watch(other, "admin", null)) {
            Platform.Response created = platform.post(gateway, "/api/v1/workspaces", alice,
                    Map.of("name", "watched", "stackId", "busybox"));
            assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
            String id = created.body().get("workspaceId").asText();

            EventStream dropped = watch(tenant, "alice", null);
            await().atMost(SETTLE).until(() -> dropped.saw(id, "STOPPED"));
            long lastSeen = dropped.about(id).getLast().id();
            dropped.close();

            assertThat(platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null).status())
                    .isEqualTo(202);
            await().atMost(SETTLE).until(() -> live.saw(id, "RUNNING"));
            assertThat(live.about(id).getLast().data().path("nodeId").asText()).isEqualTo(Platform.NODE);
            assertThat(live.about(id)).extracting(EventStream.Event::id).isSorted();

            try (EventStream resumed = watch(tenant, "alice", Long.toString(lastSeen))) {
                await().atMost(SETTLE).until(() -> resumed.saw(id, "RUNNING"));
                assertThat(resumed.events).allMatch(event -> event.id() > lastSeen);
            }

            assertThat(platform.send(gateway, "DELETE", "/api/v1/workspaces/" + id, alice, null).status())
                    .isEqualTo(202);
            await().atMost(SETTLE).until(() -> live.saw(id, "DELETED"));
            assertThat(outsider.about(id)).isEmpty();
            assertThat(outsider.events).allMatch(event -> event.data().path("tenantId").asText().equals(other));
        }
    }
}
