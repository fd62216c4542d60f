package io.aicockpit.worker.reconcile;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.WorkerDockerClients;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.volume.WorkspaceVolumes;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The reconciler's settings, topics and event-stream client; the watcher and the orphan remover run unless disabled. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconcileProperties.class)
class ReconcileConfiguration {
    /** The event stream is silent while nothing dies; past this the client gives up and the stream is reopened. */
    static final Duration EVENT_STREAM_TIMEOUT = Duration.ofMinutes(10);

    @Bean
    NewTopic containerEventsTopic(ReconcileProperties props) {
        return TopicBuilder.name(props.eventsTopic()).partitions(3).replicas(1).build();
    }

    /**
     * A client of its own: its one long-lived streaming call must not share a pool or timeout with the actions.
     * Wrapped in a type of this package so it never competes with the workspace API's {@link WorkspaceDocker}.
     */
    @Bean(destroyMethod = "close")
    EventStreamDocker eventStreamDocker(ContainerWorkerProperties worker) {
        return new EventStreamDocker(WorkerDockerClients.createForWorkspaces(worker, EVENT_STREAM_TIMEOUT));
    }

    /** The Docker client of the event stream. */
    record EventStreamDocker(WorkspaceDocker docker) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            docker.close();
        }
    }

    @Bean
    NewTopic nodeCommandsTopic(ReconcileProperties props) {
        return TopicBuilder.name(props.nodeCommandsTopic()).partitions(3).replicas(1).build();
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.container-worker.reconcile.enabled", havingValue = "true",
            matchIfMissing = true)
    OrphanContainerRemover orphanContainerRemover(DockerClient docker, ContainerWorkerProperties worker,
                                                  ExpectedExits expectedExits, WorkspaceVolumes volumes) {
        return new OrphanContainerRemover(docker, worker, expectedExits, volumes);
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.container-worker.reconcile.enabled", havingValue = "true",
            matchIfMissing = true)
    DockerEventWatcher dockerEventWatcher(EventStreamDocker eventStreamDocker, ContainerReconciler reconciler,
                                          ReconcileProperties props, Clock clock) {
        return new DockerEventWatcher(eventStreamDocker.docker(), reconciler, props, clock);
    }
}
