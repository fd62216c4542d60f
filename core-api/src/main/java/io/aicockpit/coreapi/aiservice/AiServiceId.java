package io.aicockpit.coreapi.aiservice;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one AI service a tenant connected. */
public record AiServiceId(@JsonValue UUID value) {
    public AiServiceId {
        Objects.requireNonNull(value, "ai service id");
    }

    public static AiServiceId random() {
        return new AiServiceId(UUID.randomUUID());
    }

    @JsonCreator
    public static AiServiceId of(String value) {
        return new AiServiceId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
