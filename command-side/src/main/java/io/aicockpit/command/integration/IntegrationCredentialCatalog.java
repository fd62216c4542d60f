package io.aicockpit.command.integration;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.integration.IntegrationCredentialCreated;
import io.aicockpit.coreapi.integration.IntegrationCredentialId;
import io.aicockpit.coreapi.integration.IntegrationCredentialRevoked;
import io.aicockpit.coreapi.integration.IntegrationCredentialRotated;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tenant's credentials as the API lists them ({@code command.integration_credential}). Subscribing: written in
 * the transaction that stores the event, so a credential the API just created is listed at once.
 */
@Component
@ProcessingGroup("integration-credentials")
public class IntegrationCredentialCatalog {
    private final JdbcTemplate jdbc;

    IntegrationCredentialCatalog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One credential, without its secret (which nobody but the broker's SCRAM hash keeps). */
    public record Entry(IntegrationCredentialId id, TenantId tenantId, String name, String principal,
                        Instant createdAt, String createdBy, Instant rotatedAt, Instant revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    @EventHandler
    void on(IntegrationCredentialCreated event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO command.integration_credential
                    (tenant_id, credential_id, name, principal, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING""",
                event.tenantId().value(), event.credentialId().value(), event.name(), event.principal(),
                java.sql.Timestamp.from(at), event.createdBy().name());
    }

    @EventHandler
    void on(IntegrationCredentialRotated event, @Timestamp Instant at) {
        jdbc.update("UPDATE command.integration_credential SET rotated_at = ? WHERE credential_id = ?",
                java.sql.Timestamp.from(at), event.credentialId().value());
    }

    @EventHandler
    void on(IntegrationCredentialRevoked event, @Timestamp Instant at) {
        jdbc.update("UPDATE command.integration_credential SET revoked_at = ? WHERE credential_id = ?"
                + " AND revoked_at IS NULL", java.sql.Timestamp.from(at), event.credentialId().value());
    }

    /** The tenant's credentials, newest first, revoked ones included. */
    public List<Entry> list(TenantId tenant) {
        return jdbc.query("SELECT * FROM command.integration_credential WHERE tenant_id = ?"
                + " ORDER BY created_at DESC, credential_id", this::entry, tenant.value());
    }

    /** The tenant's credentials that still log in. */
    public List<Entry> active(TenantId tenant) {
        return list(tenant).stream().filter(e -> !e.revoked()).toList();
    }

    /** The credential if it belongs to {@code tenant}; another tenant's is as absent as a missing one. */
    public Optional<Entry> find(TenantId tenant, IntegrationCredentialId id) {
        return jdbc.query("SELECT * FROM command.integration_credential WHERE tenant_id = ? AND credential_id = ?",
                this::entry, tenant.value(), id.value()).stream().findFirst();
    }

    private Entry entry(ResultSet rs, int row) throws SQLException {
        return new Entry(new IntegrationCredentialId(rs.getObject("credential_id", java.util.UUID.class)),
                new TenantId(rs.getString("tenant_id")), rs.getString("name"), rs.getString("principal"),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "rotated_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
