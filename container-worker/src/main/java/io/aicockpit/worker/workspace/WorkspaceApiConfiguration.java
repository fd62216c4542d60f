package io.aicockpit.worker.workspace;

import io.aicockpit.coreapi.identity.InternalIdentityVerifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The verifier of the gateway's identity token, keyed from the gateway's JWKS (or a file, in tests). */
@Configuration(proxyBeanMethods = false)
class WorkspaceApiConfiguration {

    @Bean
    InternalIdentityVerifier internalIdentityVerifier(
            @Value("${aicockpit.security.internal-token.jwks-uri:http://127.0.0.1:8080/internal/jwks.json}")
            String jwksUri,
            @Value("${aicockpit.security.internal-token.jwks-file:}") String jwksFile) {
        return InternalIdentityVerifier.configured(jwksUri, jwksFile);
    }
}
