package io.aicockpit.coreapi.tenant;

import java.time.Duration;

/** Bounds of a tenant's idle timeout. */
public final class TenantIdleTimeout {
    /** What a tenant gets until it sets its own. */
    public static final Duration DEFAULT = Duration.ofMinutes(30);
    /** Shorter timeouts exist for tests; a node reports activity only every ~30 s, so production wants minutes. */
    public static final Duration MIN = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofDays(7);

    private TenantIdleTimeout() {}

    /** True when {@code timeout} is null (disabled) or within {@link #MIN} and {@link #MAX}. */
    public static boolean isValid(Duration timeout) {
        return timeout == null || (timeout.compareTo(MIN) >= 0 && timeout.compareTo(MAX) <= 0);
    }
}
