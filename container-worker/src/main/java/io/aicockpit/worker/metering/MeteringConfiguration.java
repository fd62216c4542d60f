package io.aicockpit.worker.metering;

import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.docker.WorkerDockerClients;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.periodic.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Container metering's topic, Docker client and sampling loop (a pass right at start-up, then one every
 * {@code interval}); the loop runs unless disabled.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MeteringProperties.class)
class MeteringConfiguration {
    /** A stats read or a {@code du} that takes longer than this is given up; the next pass tries again. */
    static final Duration DOCKER_TIMEOUT = Duration.ofSeconds(30);
    /** After the Kafka producer is usable, and stopped before it on shutdown. */
    private static final int PHASE = Integer.MAX_VALUE - 100;

    @Bean
    NewTopic containerUsageTopic(MeteringProperties props) {
        return TopicBuilder.name(props.topic()).partitions(3).replicas(1).build();
    }

    /** A client of its own: a slow stats call must not hold a connection the actions or the workspace API need. */
    @Bean(destroyMethod = "close")
    MeteringDocker meteringDocker(ContainerWorkerProperties worker) {
        return new MeteringDocker(WorkerDockerClients.createForWorkspaces(worker, DOCKER_TIMEOUT));
    }

    /** The Docker client of metering. */
    record MeteringDocker(WorkspaceDocker docker) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            docker.close();
        }
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.container-worker.metering.enabled", havingValue = "true",
            matchIfMissing = true)
    PeriodicTask containerMetering(MeteringDocker docker, KafkaTemplate<String, String> kafka,
                                   ContainerWorkerProperties worker, MeteringProperties props, Clock clock,
                                   HousekeepingExecs housekeeping) {
        ContainerMeter meter = new ContainerMeter(docker.docker(), new ContainerUsagePublisher(kafka, props), worker,
                props, clock, housekeeping);
        return new PeriodicTask("container-meter", Duration.ZERO, props.interval(), PHASE, meter::pass);
    }
}
