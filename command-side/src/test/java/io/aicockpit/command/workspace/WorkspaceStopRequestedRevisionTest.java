package io.aicockpit.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** Revision 2 added {@code reason}; stored revision-1 events read as a caller's request. */
class WorkspaceStopRequestedRevisionTest {
    private final JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(JsonMapper.builder()
            .addModule(new JavaTimeModule()).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build())
            .build();

    @Test
    void revisionOneWithoutReasonReadsAsRequested() {
        String json = """
                {"workspaceId":"0b7e4a52-9d7b-4c55-8d0e-0a4f6f0c1d11","tenantId":"acme",
                 "actionId":"5f0c3a2e-6a51-4a8e-9b7e-2c1b0e9d8a77",
                 "requestedBy":{"subject":"alice","name":"Alice","type":"USER"}}""";
        WorkspaceStopRequested event = serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                new SimpleSerializedType(WorkspaceStopRequested.class.getName(), "1")));
        assertThat(event.reason()).isEqualTo(StopReason.REQUESTED);
        assertThat(event.requestedBy().subject()).isEqualTo("alice");
    }

    @Test
    void revisionTwoKeepsAnIdleReason() {
        String json = """
                {"workspaceId":"0b7e4a52-9d7b-4c55-8d0e-0a4f6f0c1d11","tenantId":"acme",
                 "actionId":"5f0c3a2e-6a51-4a8e-9b7e-2c1b0e9d8a77",
                 "requestedBy":{"subject":"aicockpit","name":"AiCockpit","type":"SYSTEM"},"reason":"IDLE"}""";
        WorkspaceStopRequested event = serializer.deserialize(new SimpleSerializedObject<>(json, String.class,
                new SimpleSerializedType(WorkspaceStopRequested.class.getName(), "2")));
        assertThat(event.reason()).isEqualTo(StopReason.IDLE);
    }
}
