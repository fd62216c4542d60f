package io.aicockpit.worker.activity;

import com.github.dockerjava.api.DockerClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.docker.HousekeepingExecs;
import io.aicockpit.worker.periodic.PeriodicTask;
import io.aicockpit.worker.terminal.WorkspaceTerminalActivity;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Activity reporting: the request interceptor, the CPU counter, the ledger of the node's own execs and, unless
 * disabled, the sampling reporter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ActivityProperties.class)
class ActivityConfiguration implements WebMvcConfigurer {
    private final WorkspaceApiActivity apiActivity;

    ActivityConfiguration(Clock clock) {
        this.apiActivity = new WorkspaceApiActivity(clock);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(apiActivity).addPathPatterns("/api/v1/workspaces/*/files", "/api/v1/workspaces/*/files/*",
                "/api/v1/workspaces/*/exec");
    }

    @Bean
    NewTopic workspaceActivityTopic(ActivityProperties properties) {
        return TopicBuilder.name(properties.topic()).partitions(3).replicas(1).build();
    }

    @Bean
    ContainerCpuUsage containerCpuUsage(DockerClient docker, ActivityProperties properties) {
        return new ContainerCpuUsage(docker, properties.cgroupCpuUsage());
    }

    /** Whether activity is reported or not, the node's own execs are charged to it (read around each one). */
    @Bean
    HousekeepingExecs housekeepingExecs(ContainerCpuUsage cpu) {
        return new HousekeepingExecs(cpu::fileNanos);
    }

    @Bean
    @ConditionalOnProperty(name = "aicockpit.container-worker.activity.enabled", havingValue = "true",
            matchIfMissing = true)
    PeriodicTask workspaceActivitySampling(DockerClient docker, ContainerWorkerProperties worker,
                                           ActivityProperties properties, WorkspaceTerminalActivity terminals,
                                           KafkaTemplate<String, String> kafka, Clock clock, ContainerCpuUsage cpu,
                                           HousekeepingExecs housekeeping) {
        WorkspaceActivityReporter reporter = new WorkspaceActivityReporter(docker, worker, properties, terminals,
                apiActivity, cpu, housekeeping, kafka, clock);
        return new PeriodicTask("workspace-activity", properties.sampleInterval(), properties.sampleInterval(),
                SmartLifecycle.DEFAULT_PHASE, reporter::sample);
    }
}
