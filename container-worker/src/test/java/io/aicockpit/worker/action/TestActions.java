package io.aicockpit.worker.action;

import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.util.unit.DataSize;

/** Actions for a fresh tenant and workspace each, running the busybox test image as its {@code dev} user. */
final class TestActions {
    static final String TEST_IMAGE = "aicockpit/busybox:local";
    static final ResourceLimits LIMITS =
            new ResourceLimits(64 * ResourceLimits.MIB, 0, 500_000_000L, 32);

    private TestActions() {}

    /** Worker settings for tests that drive the executor without Spring; a short stop keeps STOP fast. */
    static ContainerWorkerProperties properties(String nodeId) {
        return new ContainerWorkerProperties(nodeId, "unix:///var/run/docker.sock", "1.41", "none", List.of(),
                Duration.ofSeconds(1), KafkaTestSupport.ACTIONS_TOPIC, KafkaTestSupport.RESULTS_TOPIC, false,
                URI.create("http://127.0.0.1:8082"), ContainerWorkerProperties.Files.defaults(),
                new ContainerWorkerProperties.Exec(DataSize.ofKilobytes(64), 8));
    }

    static TenantId randomTenant() {
        return new TenantId("it-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), 36));
    }

    static ContainerSpec spec(String image) {
        return new ContainerSpec(image, List.of(), "dev", Map.of("AICOCKPIT_TEST", "secret-value"), LIMITS);
    }

    static ContainerAction start(TenantId tenant, WorkspaceId workspace) {
        return start(tenant, workspace, spec(TEST_IMAGE));
    }

    static ContainerAction start(TenantId tenant, WorkspaceId workspace, ContainerSpec spec) {
        return new ContainerAction(ActionId.random(), ContainerActionType.START, workspace, tenant, spec, Instant.now());
    }

    static ContainerAction stop(TenantId tenant, WorkspaceId workspace) {
        return new ContainerAction(ActionId.random(), ContainerActionType.STOP, workspace, tenant, null, Instant.now());
    }

    static ContainerAction delete(TenantId tenant, WorkspaceId workspace) {
        return new ContainerAction(ActionId.random(), ContainerActionType.DELETE, workspace, tenant, null, Instant.now());
    }
}
