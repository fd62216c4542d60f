package io.aicockpit.command.aiservice;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code secrets.secret} through the application's DataSource, so an insert made while a command is handled is
 * part of that command's transaction: a refused command rolls its secret back with its events.
 */
@Component
class JdbcSecretStore implements SecretStore {
    private final JdbcTemplate jdbc;

    JdbcSecretStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(TenantId tenant, SecretRef ref, byte[] ciphertext) {
        jdbc.update("INSERT INTO secrets.secret (ref, tenant_id, ciphertext) VALUES (?, ?, ?)",
                ref.value(), tenant.value(), ciphertext);
    }

    @Override
    public Optional<byte[]> find(TenantId tenant, SecretRef ref) {
        return jdbc.query("SELECT ciphertext FROM secrets.secret WHERE ref = ? AND tenant_id = ?",
                rs -> rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty(), ref.value(), tenant.value());
    }
}
