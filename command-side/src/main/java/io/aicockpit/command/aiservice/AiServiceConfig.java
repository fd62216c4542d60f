package io.aicockpit.command.aiservice;

import io.aicockpit.support.net.OutboundUrlGuard;
import io.aicockpit.support.secret.SecretCipher;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The master key and the outbound allowlist. The key has no default: without it command-side refuses to start,
 * because accepting API keys it could not encrypt would be worse than not running.
 */
@Configuration(proxyBeanMethods = false)
class AiServiceConfig {

    @Bean
    SecretCipher secretCipher(@Value("${aicockpit.secrets.key:}") String masterKey) {
        try {
            return SecretCipher.fromBase64(masterKey);
        } catch (IllegalArgumentException e) {
            // the message never contains the configured value
            throw new IllegalStateException("aicockpit.secrets.key (env AICOCKPIT_SECRETS_KEY) must be set to the"
                    + " base64 of 32 random bytes, e.g. `openssl rand -base64 32`: "
                    + (e.getMessage() != null && e.getMessage().startsWith("Illegal base64")
                    ? "it is not valid base64" : e.getMessage()));
        }
    }

    @Bean
    OutboundUrlGuard outboundUrlGuard(@Value("${aicockpit.outbound.allowlist:}") String allowlist) {
        return new OutboundUrlGuard(Arrays.asList(allowlist.split(",")));
    }
}
