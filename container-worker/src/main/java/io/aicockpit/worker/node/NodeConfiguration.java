package io.aicockpit.worker.node;

import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkerDockerClients;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.periodic.PeriodicTask;
import io.aicockpit.worker.volume.WorkspaceVolumeProperties;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/** The heartbeat topic, a Docker client of the heartbeat's own, and the heartbeat loop unless disabled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
class NodeConfiguration {

    @Bean
    NewTopic nodeHeartbeatsTopic(NodeProperties props) {
        return TopicBuilder.name(props.heartbeatTopic()).partitions(3).replicas(1).build();
    }

    /** Its own client: a slow call elsewhere must not delay the heartbeat past the lost-node timeout. */
    @Bean(destroyMethod = "close")
    HeartbeatDocker heartbeatDocker(ContainerWorkerProperties worker) {
        return new HeartbeatDocker(WorkerDockerClients.createForWorkspaces(worker, Duration.ofSeconds(10)));
    }

    record HeartbeatDocker(WorkspaceDocker docker) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            docker.close();
        }
    }

    /**
     * A heartbeat right at start-up, then one every {@code heartbeat-interval}; in a phase after the Kafka producer
     * and the web server are up (the heartbeat names the server's port).
     */
    @Bean
    @ConditionalOnProperty(name = "aicockpit.container-worker.node.heartbeat-enabled", havingValue = "true",
            matchIfMissing = true)
    PeriodicTask nodeHeartbeats(HeartbeatDocker docker, KafkaTemplate<String, String> kafka,
            ContainerWorkerProperties worker, NodeProperties props, WorkspaceVolumes volumes,
            WorkspaceVolumeProperties volumeProps, Environment environment, Clock clock) {
        NodeHeartbeatPublisher publisher = new NodeHeartbeatPublisher(docker.docker(), kafka, worker, props, volumes,
                volumeProps.directory(), environment, clock);
        return new PeriodicTask("node-heartbeat", Duration.ZERO, props.heartbeatInterval(), Integer.MAX_VALUE - 50,
                publisher::beat);
    }
}
