package io.aicockpit.command.aiservice;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import java.util.Optional;

/** Ciphertexts of tenants' secrets, outside the event store. Writes join the caller's transaction. */
interface SecretStore {
    void insert(TenantId tenant, SecretRef ref, byte[] ciphertext);

    /** The ciphertext, only if it belongs to {@code tenant}. */
    Optional<byte[]> find(TenantId tenant, SecretRef ref);
}
