package io.aicockpit.command.messaging;

import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every workspace event to its tenant's public topic as a CloudEvent keyed by workspace id. A tracking
 * processor with one segment: events leave in store order, and the token advances only after Kafka acknowledged
 * the send, so a restart between storing and publishing re-sends (same CloudEvent id) and never skips.
 */
@Component
@ProcessingGroup("public-workspace-events")
class PublicEventPublisher {
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final WorkspaceCloudEvents cloudEvents;
    private final KafkaAdmin admin;
    private final int partitions;
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

    PublicEventPublisher(KafkaTemplate<String, CloudEvent> cloudEventTemplate, WorkspaceCloudEvents cloudEvents,
                         KafkaAdmin admin, CommandSideProperties properties) {
        this.kafka = cloudEventTemplate;
        this.cloudEvents = cloudEvents;
        this.admin = admin;
        this.partitions = properties.publicTopicPartitions();
    }

    @EventHandler
    void on(WorkspaceEvent event, EventMessage<?> message, @SequenceNumber long sequence, @Timestamp Instant at)
            throws Exception {
        String topic = Topics.workspaceEvents(event.tenantId());
        ensureTopic(topic);
        CloudEvent cloudEvent = cloudEvents.of(event, message.getIdentifier(), sequence, at);
        kafka.send(topic, event.workspaceId().toString(), cloudEvent).get();
    }

    private void ensureTopic(String topic) throws InterruptedException, ExecutionException {
        if (knownTopics.contains(topic)) {
            return;
        }
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            client.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        knownTopics.add(topic);
    }
}
