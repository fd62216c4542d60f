package io.aicockpit.support.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.coreapi.secret.SecretRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    final SecretCipher cipher = SecretCipher.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
    final SecretRef ref = SecretRef.random();

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        byte[] stored = cipher.encrypt("acme", ref, "sk-live-1234567890abcd");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("sk-live");
        assertThat(cipher.decrypt("acme", ref, stored)).isEqualTo("sk-live-1234567890abcd");
        assertThat(cipher.encrypt("acme", ref, "same")).isNotEqualTo(cipher.encrypt("acme", ref, "same"));
    }

    @Test
    void aCiphertextMovedToAnotherTenantOrSecretOrAlteredDoesNotDecrypt() {
        byte[] stored = cipher.encrypt("acme", ref, "sk-live-1234567890abcd");
        assertThatThrownBy(() -> cipher.decrypt("globex", ref, stored)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt("acme", SecretRef.random(), stored))
                .isInstanceOf(IllegalStateException.class);
        stored[stored.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt("acme", ref, stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void showsOnlyTheLastFourCharacters() {
        assertThat(SecretCipher.last4("sk-live-1234567890abcd")).isEqualTo("abcd");
        assertThat(SecretCipher.last4("short")).isEqualTo("****");
    }

    @Test
    void refusesAMasterKeyOfTheWrongSize() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretCipher.fromBase64("")).isInstanceOf(IllegalArgumentException.class);
    }
}
