package io.aicockpit.coreapi.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aicockpit.coreapi.common.ResourceLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {
    private static final ResourceLimits LIMITS = new ResourceLimits(64 * ResourceLimits.MIB, 0, 500_000_000L, 32);
    private final ObjectMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void specWithoutDiskSizeLeavesItToTheNode() throws Exception {
        String oldShape = """
                {"image":"img","command":[],"user":"dev","env":{},
                 "limits":{"memoryBytes":67108864,"swapBytes":0,"nanoCpus":500000000,"pids":32}}""";

        ContainerSpec spec = json.readValue(oldShape, ContainerSpec.class);

        assertThat(spec.diskBytes()).isNull();
        assertThat(spec.limits()).isEqualTo(LIMITS);
    }

    @Test
    void diskSizeSurvivesTheRoundTrip() throws Exception {
        ContainerSpec spec = new ContainerSpec("img", List.of("sleep"), "dev", Map.of(), LIMITS, null, 16L << 20);

        assertThat(json.readValue(json.writeValueAsString(spec), ContainerSpec.class)).isEqualTo(spec);
    }

    @Test
    void refusesANonPositiveDiskSize() {
        assertThatThrownBy(() -> new ContainerSpec("img", List.of(), "dev", Map.of(), LIMITS, null, 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
