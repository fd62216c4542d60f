package io.aicockpit.coreapi.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerExitedTest {

    @Test
    void outOfMemoryKillIsNamedWhateverTheExitCode() {
        assertThat(ContainerExited.describe(0, true, null)).isEqualTo("killed: out of memory (OOM)");
        assertThat(ContainerExited.describe(137, true, "")).isEqualTo("killed: out of memory (OOM)");
    }

    @Test
    void otherExitsNameTheCodeAndTheUsualSignals() {
        assertThat(ContainerExited.describe(137, false, null)).isEqualTo("exited with code 137 (killed)");
        assertThat(ContainerExited.describe(143, false, null)).isEqualTo("exited with code 143 (terminated)");
        assertThat(ContainerExited.describe(2, false, null)).isEqualTo("exited with code 2");
    }

    @Test
    void dockersErrorIsAppended() {
        assertThat(ContainerExited.describe(127, false, " exec: \"nope\": not found "))
                .isEqualTo("exited with code 127: exec: \"nope\": not found");
    }

    @Test
    void blankReasonIsFilledFromTheExit() {
        ContainerExited exited = new ContainerExited(WorkspaceId.random(), TenantId.of("acme"), NodeId.of("n1"), "c1",
                1, false, Instant.EPOCH, " ");
        assertThat(exited.reason()).isEqualTo("exited with code 1");
    }
}
