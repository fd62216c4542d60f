package io.aicockpit.support.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import org.junit.jupiter.api.Test;

class InternalIdentityVerifierTest {
    final InternalIdentityVerifier verifier = InternalIdentityVerifier.fromJwksFile(TestIdentityTokens.jwksFile());

    @Test
    void readsTheCallerFromAValidToken() {
        InternalIdentity id = verifier.verify(TestIdentityTokens.token("acme", "alice", "DEVELOPER"));
        assertThat(id.tenantId()).isEqualTo(new TenantId("acme"));
        assertThat(id.subject()).isEqualTo("alice");
        assertThat(id.roles()).containsExactly("DEVELOPER");
        assertThat(id.actorType()).isEqualTo(ActorType.USER);
    }

    @Test
    void aTokenThatVerifiedIsServedAgainAndATamperedCopyIsStillRefused() {
        String token = TestIdentityTokens.token("acme", "alice", "DEVELOPER");
        InternalIdentity first = verifier.verify(token);
        assertThat(verifier.verify(token)).isEqualTo(first);
        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThatThrownBy(() -> verifier.verify(otherSignature)).isInstanceOf(InvalidIdentityToken.class);
    }

    @Test
    void operatorsHaveNoTenant() {
        InternalIdentity id = verifier.verify(TestIdentityTokens.token(null, "op", "PLATFORM_OPERATOR"));
        assertThat(id.tenantId()).isNull();
        assertThat(id.actorType()).isEqualTo(ActorType.OPERATOR);
    }

    @Test
    void refusesMissingForgedExpiredAndTamperedTokens() {
        assertThatThrownBy(() -> verifier.verify(null)).isInstanceOf(InvalidIdentityToken.class)
                .hasMessageContaining("did not come through the gateway");
        assertThatThrownBy(() -> verifier.verify(TestIdentityTokens.forgedToken("acme", "alice", "DEVELOPER")))
                .isInstanceOf(InvalidIdentityToken.class);
        assertThatThrownBy(() -> verifier.verify(TestIdentityTokens.expiredToken("acme", "alice", "DEVELOPER")))
                .isInstanceOf(InvalidIdentityToken.class);
        String[] parts = TestIdentityTokens.token("acme", "alice", "DEVELOPER").split("\\.");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"aicockpit-gateway\",\"aud\":\"aicockpit-internal\",\"sub\":\"alice\",\"tenant\":\"globex\"}"
                        .getBytes()) + "." + parts[2];
        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(InvalidIdentityToken.class);
        assertThatThrownBy(() -> verifier.verify("not-a-jwt")).isInstanceOf(InvalidIdentityToken.class);
    }
}
