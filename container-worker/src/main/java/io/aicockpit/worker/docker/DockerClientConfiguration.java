package io.aicockpit.worker.docker;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's Docker clients, closed with the context so their connection pools are released: one for container
 * actions, one for the workspace API's streaming calls.
 */
@Configuration(proxyBeanMethods = false)
class DockerClientConfiguration {

    @Bean(destroyMethod = "close")
    DockerClient dockerClient(ContainerWorkerProperties props) {
        return WorkerDockerClients.create(props);
    }

    /** Outlasts the longest exec timeout the API accepts (300 s) plus its guard. */
    @Bean(destroyMethod = "close")
    WorkspaceDocker workspaceDocker(ContainerWorkerProperties props) {
        return WorkerDockerClients.createForWorkspaces(props, Duration.ofSeconds(330));
    }
}
