package io.aicockpit.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Capability;
import io.aicockpit.coreapi.messaging.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ContainerWorkerPropertiesTest {

    @Test
    void defaultsIsolateWorkspaces() {
        ContainerWorkerProperties props = bind(Map.of());

        assertThat(props.nodeId()).isNotBlank();
        assertThat(props.dockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(props.dockerApiVersion()).isEqualTo("1.41");
        assertThat(props.network()).isEqualTo("none");
        assertThat(props.capAdd()).isEmpty();
        assertThat(props.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(props.actionsTopic()).isEqualTo(Topics.CONTAINER_ACTIONS);
        assertThat(props.resultsTopic()).isEqualTo(Topics.CONTAINER_RESULTS);
        assertThat(props.haltBeforeAck()).isFalse();
        assertThat(props.querySideUri()).hasToString("http://127.0.0.1:8082");
        assertThat(props.files().maxReadBytes().toBytes()).isEqualTo(1024 * 1024);
        assertThat(props.exec().maxOutputBytes().toBytes()).isEqualTo(64 * 1024);
        assertThat(props.exec().maxConcurrent()).isEqualTo(8);
    }

    @Test
    void fileApiDefaultsMatchTheDocumentedLimits() {
        ContainerWorkerProperties.Files files = bind(Map.of()).files();

        assertThat(files).isEqualTo(ContainerWorkerProperties.Files.defaults());
        assertThat(files.maxWriteBytes().toBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(files.user()).isEqualTo("1000:1000");
        assertThat(files.changesInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(files.changesExcluded()).containsExactly("node_modules", ".git");
    }

    @Test
    void refusesAChangeScanFasterThanATenthOfASecond() {
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.files.changes-interval", "10ms")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("files.changes-interval must be at least 100ms");
    }

    @Test
    void takesTheNodeIdAndCapabilitiesFromTheEnvironment() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(
                "AICOCKPIT_CONTAINER_WORKER_NODE_ID", "node-7",
                "AICOCKPIT_CONTAINER_WORKER_CAP_ADD", "CHOWN,setuid")));

        ContainerWorkerProperties props = new Binder(ConfigurationPropertySources.get(env))
                .bindOrCreate("aicockpit.container-worker", ContainerWorkerProperties.class);

        assertThat(props.nodeId()).isEqualTo("node-7");
        assertThat(props.capAdd()).containsExactly(Capability.CHOWN, Capability.SETUID);
    }

    @Test
    void refusesAStopTimeoutBeyondTheDockerResponseTimeout() {
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.stop-timeout", "2m")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("stop-timeout must be between 0s and 50s");
    }

    private static ContainerWorkerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("aicockpit.container-worker", ContainerWorkerProperties.class);
    }
}
