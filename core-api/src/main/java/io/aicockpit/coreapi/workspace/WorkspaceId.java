package io.aicockpit.coreapi.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies a workspace across every service, topic key and container label. */
public record WorkspaceId(@JsonValue UUID value) {
    public WorkspaceId {
        Objects.requireNonNull(value, "workspace id");
    }

    public static WorkspaceId random() {
        return new WorkspaceId(UUID.randomUUID());
    }

    @JsonCreator
    public static WorkspaceId of(String value) {
        return new WorkspaceId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
