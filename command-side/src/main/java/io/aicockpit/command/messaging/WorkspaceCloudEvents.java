package io.aicockpit.command.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.messaging.CloudEventTypes;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/**
 * The public CloudEvent of a stored workspace event: the live publisher and a backfill make the very same record
 * (id = the event's id in the event store, so consumers that deduplicate on {@code id} see a replay as nothing new).
 */
@Component
public class WorkspaceCloudEvents {
    private static final URI SOURCE = URI.create(CloudEventTypes.SOURCE);

    private final ObjectMapper mapper;

    WorkspaceCloudEvents(InternalJson json) {
        this.mapper = json.mapper;
    }

    public CloudEvent of(WorkspaceEvent event, String eventId, long sequence, Instant at) {
        try {
            return CloudEventBuilder.v1()
                    .withId(eventId)
                    .withType(CloudEventTypes.typeOf(event))
                    .withSource(SOURCE)
                    .withSubject(event.workspaceId().toString())
                    .withTime(at.atOffset(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withData(mapper.writeValueAsBytes(event))
                    .withExtension(CloudEventTypes.TENANT_EXTENSION, event.tenantId().value())
                    .withExtension(CloudEventTypes.SEQUENCE_EXTENSION, Long.toString(sequence))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("workspace event not serializable: " + event.getClass().getSimpleName(), e);
        }
    }
}
