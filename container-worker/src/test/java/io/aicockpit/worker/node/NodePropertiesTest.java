package io.aicockpit.worker.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NodePropertiesTest {
    private static final long CORE = 1_000_000_000L;

    private static NodeProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("aicockpit.container-worker.node", NodeProperties.class);
    }

    @Test
    void overcommitsTheEngineCpusFourTimesByDefault() {
        NodeProperties props = bind(Map.of());

        assertThat(props.cpuOvercommit()).isEqualTo(4);
        assertThat(props.nanoCpus(2 * CORE)).as("a 2-core node: room for 16 workspaces of 0.5 CPU")
                .isEqualTo(8 * CORE);
    }

    @Test
    void overcommitsTheEngineCpusByTheConfiguredRatio() {
        NodeProperties props = bind(Map.of("aicockpit.container-worker.node.cpu-overcommit", "1.5"));

        assertThat(props.nanoCpus(2 * CORE)).isEqualTo(3 * CORE);
    }

    @Test
    void takesConfiguredCpusAsGiven() {
        NodeProperties props = bind(Map.of("aicockpit.container-worker.node.cpus", "3",
                "aicockpit.container-worker.node.cpu-overcommit", "10"));

        assertThat(props.nanoCpus(2 * CORE)).isEqualTo(3 * CORE);
    }

    @Test
    void refusesAnOvercommitThatIsNotPositive() {
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.node.cpu-overcommit", "0")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("cpu-overcommit");
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.node.cpu-overcommit", "-1")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("cpu-overcommit");
    }
}
