package io.aicockpit.coreapi.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifies one container action (start, stop, delete) of a workspace. Results carry it back, so a late or
 * redelivered result for an action that is no longer pending changes nothing.
 */
public record ActionId(@JsonValue UUID value) {
    public ActionId {
        Objects.requireNonNull(value, "action id");
    }

    public static ActionId random() {
        return new ActionId(UUID.randomUUID());
    }

    @JsonCreator
    public static ActionId of(String value) {
        return new ActionId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
