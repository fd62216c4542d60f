package io.aicockpit.gateway.identity;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the public key of the internal token so services can verify {@code X-AiCockpit-Identity} without a
 * shared secret. Open on purpose: a public key is no secret, and services fetch it before they have any identity.
 */
@RestController
class InternalJwksController {
    private final InternalTokenIssuer issuer;

    InternalJwksController(InternalTokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping(path = "/internal/jwks.json", produces = "application/jwk-set+json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(issuer.publicJwks().toJSONObject());
    }
}
