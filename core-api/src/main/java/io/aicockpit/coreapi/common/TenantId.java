package io.aicockpit.coreapi.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An organization's slug. It names the tenant's public Kafka topics
 * ({@code aicockpit.tenant.<slug>.…}), so it is restricted to lowercase letters, digits and inner hyphens.
 */
public record TenantId(@JsonValue String value) {
    private static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{0,38}[a-z0-9]$");

    public TenantId {
        Objects.requireNonNull(value, "tenant id");
        if (!SLUG.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "tenant id must be 2-40 lowercase letters, digits or inner hyphens, starting with a letter");
        }
    }

    @JsonCreator
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    public static boolean isValid(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
