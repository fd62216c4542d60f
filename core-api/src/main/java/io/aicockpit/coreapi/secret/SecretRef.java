package io.aicockpit.coreapi.secret;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Points at one encrypted secret in the secret store (table {@code secrets.secret}); carries nothing secret. */
public record SecretRef(@JsonValue UUID value) {
    public SecretRef {
        Objects.requireNonNull(value, "secret ref");
    }

    public static SecretRef random() {
        return new SecretRef(UUID.randomUUID());
    }

    @JsonCreator
    public static SecretRef of(String value) {
        return new SecretRef(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
