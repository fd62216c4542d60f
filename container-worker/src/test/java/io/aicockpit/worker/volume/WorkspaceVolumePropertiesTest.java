package io.aicockpit.worker.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class WorkspaceVolumePropertiesTest {

    private static WorkspaceVolumeProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("aicockpit.container-worker.volumes", WorkspaceVolumeProperties.class);
    }

    @Test
    void blankModeLeavesTheChoiceToTheNode() {
        WorkspaceVolumeProperties props = bind(Map.of("aicockpit.container-worker.volumes.mode", ""));

        assertThat(props.mode()).isNull();
        assertThat(props.directory()).isEqualTo(Path.of("/var/lib/aicockpit/volumes"));
        assertThat(props.defaultSize()).isEqualTo(DataSize.ofGigabytes(10));
        assertThat(props.owner()).isEqualTo("1000:1000");
    }

    @Test
    void bindsTheModesByTheirNames() {
        assertThat(bind(Map.of("aicockpit.container-worker.volumes.mode", "loop-ext4")).mode())
                .isEqualTo(VolumeMode.LOOP_EXT4);
        assertThat(bind(Map.of("aicockpit.container-worker.volumes.mode", "plain")).mode()).isEqualTo(VolumeMode.PLAIN);
    }

    @Test
    void refusesADefaultAboveTheMaximumAndAnOwnerThatIsNotUidGid() {
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.volumes.default-size", "200GB")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("max-size");
        assertThatThrownBy(() -> bind(Map.of("aicockpit.container-worker.volumes.owner", "dev")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("uid:gid");
    }
}
