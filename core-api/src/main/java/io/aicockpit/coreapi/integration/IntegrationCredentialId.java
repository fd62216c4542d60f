package io.aicockpit.coreapi.integration;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identifies one integration credential of a tenant. */
public record IntegrationCredentialId(@JsonValue UUID value) {
    public IntegrationCredentialId {
        Objects.requireNonNull(value, "integration credential id");
    }

    public static IntegrationCredentialId random() {
        return new IntegrationCredentialId(UUID.randomUUID());
    }

    @JsonCreator
    public static IntegrationCredentialId of(String value) {
        return new IntegrationCredentialId(UUID.fromString(value));
    }

    /** The Kafka principal's name: {@code int.<tenant>.<first 12 hex digits of the id>}. */
    public String principal(io.aicockpit.coreapi.common.TenantId tenant) {
        return "int." + tenant.value() + "." + value.toString().replace("-", "").substring(0, 12);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
