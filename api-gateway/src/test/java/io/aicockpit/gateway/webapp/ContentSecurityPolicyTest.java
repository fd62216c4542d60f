package io.aicockpit.gateway.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void allowsConnectionsOnlyToItselfAndTheRegisteredIssuersOrigins() {
        String csp = ContentSecurityPolicy.build(List.of("https://idp.acme.example", "http://localhost:8181"),
                List.of());
        assertThat(csp).contains("connect-src 'self' http://localhost:8181 https://idp.acme.example;");
        assertThat(csp).contains("default-src 'self'", "script-src 'self';", "worker-src 'self' blob:",
                "frame-ancestors 'none'", "object-src 'none'", "frame-src 'none'");
        assertThat(csp).doesNotContain("unsafe-eval").doesNotContain("script-src 'self' 'unsafe-inline'");
    }

    @Test
    void addsConfiguredSourcesAndIgnoresBlankOnes() {
        assertThat(ContentSecurityPolicy.build(List.of(), List.of(" https://sso.example ", "")))
                .contains("connect-src 'self' https://sso.example;");
        assertThat(ContentSecurityPolicy.build(List.of(), List.of())).contains("connect-src 'self';");
    }

    @Test
    void reducesAnIssuerToItsOrigin() {
        assertThat(ContentSecurityPolicy.origin("http://localhost:8181/acme")).isEqualTo("http://localhost:8181");
        assertThat(ContentSecurityPolicy.origin("https://login.example.com/realms/acme"))
                .isEqualTo("https://login.example.com");
    }

    @Test
    void refusesAnIssuerThatIsNotAnAbsoluteHttpUri() {
        assertThat(ContentSecurityPolicy.origin("javascript:alert(1)")).isNull();
        assertThat(ContentSecurityPolicy.origin("acme")).isNull();
        assertThat(ContentSecurityPolicy.origin("http://exa mple")).isNull();
    }

    @Test
    void treatsOnlyApiPathsAsApi() {
        assertThat(SpaFallbackFilter.isApi("/api/v1/workspaces")).isTrue();
        assertThat(SpaFallbackFilter.isApi("/v1/chat/completions")).isTrue();
        assertThat(SpaFallbackFilter.isApi("/actuator/health")).isTrue();
        assertThat(SpaFallbackFilter.isApi("/workspaces/abc")).isFalse();
        assertThat(SpaFallbackFilter.isApi("/apiary")).isFalse();
    }
}
