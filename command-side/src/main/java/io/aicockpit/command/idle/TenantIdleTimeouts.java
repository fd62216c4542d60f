package io.aicockpit.command.idle;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.TenantIdleTimeout;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a tenant's idle timeout as the monitor applies it. Follows the event store by a moment (the tracker is a
 * tracking processor), which is fine for showing the setting.
 */
@Component
public class TenantIdleTimeouts {
    private final JdbcTemplate jdbc;

    TenantIdleTimeouts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The timeout in force: empty when idle auto-stop is disabled, {@link TenantIdleTimeout#DEFAULT} when never set. */
    public Setting of(TenantId tenant) {
        List<Long> rows = jdbc.query("SELECT timeout_ms FROM command.idle_tenant_timeout WHERE tenant_id = ?",
                (rs, i) -> rs.getObject(1, Long.class), tenant.value());
        if (rows.isEmpty()) {
            return new Setting(Optional.of(TenantIdleTimeout.DEFAULT), true);
        }
        Long ms = rows.get(0);
        return new Setting(ms == null ? Optional.empty() : Optional.of(Duration.ofMillis(ms)), false);
    }

    /** {@code timeout} empty = disabled; {@code isDefault} when the tenant never changed it. */
    public record Setting(Optional<Duration> timeout, boolean isDefault) {}
}
