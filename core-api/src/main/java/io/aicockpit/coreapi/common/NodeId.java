package io.aicockpit.coreapi.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/** A Docker host running one container-worker. */
public record NodeId(@JsonValue String value) {
    public NodeId {
        Objects.requireNonNull(value, "node id");
        if (value.isBlank() || value.length() > 100) throw new IllegalArgumentException("node id must be 1-100 characters");
    }

    @JsonCreator
    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
