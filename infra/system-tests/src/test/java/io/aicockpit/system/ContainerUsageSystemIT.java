package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A workspace that ran shows container time in the tenant's usage report, the same report as AI tokens: under its
 * owner and under the day it ran, as JSON and CSV; the node meters it on its own, nothing in the test publishes it.
 */
class ContainerUsageSystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    static Platform platform;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.get();
    }

    @Test
    void workspaceThatRanShowsContainerSecondsForItsOwnerAndDay() throws Exception {
        String tenant = platform.onboardTenant("metered", 1);
        String id = platform.createWorkspace(tenant, Map.of("name", "metered", "stackId", "busybox"));
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        assertThat(platform.post(platform.commandSide, "/api/v1/workspaces/" + id + "/start",
                Platform.developer(tenant), null).status()).isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));

        assertThat(platform.containersOf(id).getFirst().getLabels()).as("the node charges the owner")
                .containsEntry("io.aicockpit.owner", "alice");

        // a few seconds of busy CPU in the workspace, as a build would
        platform.exec(platform.containersOf(id).getFirst().getId(),
                "end=$(( $(date +%s) + 3 )); while [ $(date +%s) -lt $end ]; do :; done");

        Map<String, String> admin = Map.of(InternalIdentity.HEADER,
                TestIdentityTokens.token(tenant, "admin", "ORG_ADMIN"));
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String range = "from=" + today + "&to=" + LocalDate.now(ZoneOffset.UTC).plusDays(1);
        JsonNode[] byUser = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            byUser[0] = platform.get(platform.querySide, "/api/v1/usage?groupBy=user&" + range, admin).body();
            JsonNode alice = row(byUser[0], "alice");
            return alice != null && alice.get("cpuSeconds").asDouble() >= 1.0;
        });
        assertThat(byUser[0].get("rows")).as("only the owner used anything").hasSize(1);
        JsonNode alice = row(byUser[0], "alice");
        assertThat(alice.get("memoryGibSeconds").asDouble()).isPositive();
        assertThat(alice.get("requests").asLong()).isZero();

        JsonNode byDay = platform.get(platform.querySide, "/api/v1/usage?groupBy=day&" + range, admin).body();
        assertThat(row(byDay, today).get("cpuSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
        JsonNode byWorkspace = platform.get(platform.querySide, "/api/v1/usage?groupBy=workspace&" + range, admin)
                .body();
        assertThat(row(byWorkspace, id).get("cpuSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
        String csv = platform.getRaw(platform.querySide, "/api/v1/usage?groupBy=user&format=csv&" + range, admin)
                .body().asText();
        assertThat(csv).startsWith("user,requests,promptTokens,completionTokens,failed,cpuSeconds,"
                + "memoryGibSeconds,diskGibHours\r\n").contains("\r\nalice,0,0,0,0,");

        JsonNode otherTenant = platform.get(platform.querySide, "/api/v1/usage?groupBy=user&" + range,
                Map.of(InternalIdentity.HEADER, TestIdentityTokens.token("other-" + tenant, "admin", "ORG_ADMIN")))
                .body();
        assertThat(otherTenant.get("rows")).isEmpty();
    }

    private static JsonNode row(JsonNode report, String key) {
        for (JsonNode row : report.get("rows")) {
            if (row.get("key").asText().equals(key)) {
                return row;
            }
        }
        return null;
    }
}
