package io.aicockpit.worker.docker;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the node down when its Docker engine does not answer, so it is taken out of readiness instead of
 * turning every action into a failure.
 */
@Component("docker")
class DockerHealthIndicator implements HealthIndicator {
    private final DockerClient docker;
    private final ContainerWorkerProperties props;

    DockerHealthIndicator(DockerClient docker, ContainerWorkerProperties props) {
        this.docker = docker;
        this.props = props;
    }

    @Override
    public Health health() {
        try {
            docker.pingCmd().exec();
            return Health.up()
                    .withDetail("host", props.dockerHost())
                    .withDetail("apiVersion", props.dockerApiVersion())
                    .build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("host", props.dockerHost()).build();
        }
    }
}
