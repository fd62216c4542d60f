package io.aicockpit.support.secret;

import io.aicockpit.coreapi.secret.SecretRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for tenants' secrets (AI service API keys). A random 96-bit nonce per secret; the tenant and the
 * secret's reference are authenticated as associated data, so a ciphertext copied to another tenant's or another
 * secret's row does not decrypt. Stored form: nonce (12 bytes) followed by ciphertext and tag. The master key
 * (32 bytes, base64 in {@code AICOCKPIT_SECRETS_KEY}) comes from configuration or a KMS, never from the database.
 */
public final class SecretCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    public SecretCipher(byte[] masterKey) {
        Objects.requireNonNull(masterKey, "master key");
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the secrets master key must be 32 bytes (256 bits)");
        }
        this.key = new SecretKeySpec(masterKey.clone(), "AES");
    }

    /** From the base64 form used in configuration. */
    public static SecretCipher fromBase64(String masterKey) {
        if (masterKey == null || masterKey.isBlank()) {
            throw new IllegalArgumentException("no secrets master key configured (AICOCKPIT_SECRETS_KEY, base64 of 32 bytes)");
        }
        return new SecretCipher(Base64.getDecoder().decode(masterKey.strip()));
    }

    public byte[] encrypt(String tenantId, SecretRef ref, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(tenantId, ref));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt secret", e);
        }
    }

    /** Throws {@link IllegalStateException} when the ciphertext was altered or belongs to another tenant/secret. */
    public String decrypt(String tenantId, SecretRef ref, byte[] stored) {
        if (stored == null || stored.length <= NONCE_BYTES) {
            throw new IllegalStateException("secret " + ref + " is not a ciphertext");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(aad(tenantId, ref));
            return new String(cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES),
                    StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + ref + " does not decrypt for tenant " + tenantId, e);
        }
    }

    /** The only part of a key that may be shown or stored in clear: its last four characters. */
    public static String last4(String secret) {
        return secret == null || secret.length() < 8 ? "****" : secret.substring(secret.length() - 4);
    }

    private static byte[] aad(String tenantId, SecretRef ref) {
        return (tenantId + "/" + ref).getBytes(StandardCharsets.UTF_8);
    }
}
