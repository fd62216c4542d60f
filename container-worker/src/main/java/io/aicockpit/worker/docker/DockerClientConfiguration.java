package io.aicockpit.worker.docker;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One shared Docker client per node; closed with the context so its connection pool is released. */
@Configuration(proxyBeanMethods = false)
class DockerClientConfiguration {

    @Bean(destroyMethod = "close")
    DockerClient dockerClient(ContainerWorkerProperties props) {
        return WorkerDockerClients.create(props);
    }
}
