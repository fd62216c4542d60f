package io.aicockpit.command.integration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Integration credentials: where integrators connect ({@code bootstrapServers}, what the API tells them), the
 * provisioning principal's login (its secret from the environment, no default), how many active credentials a
 * tenant may hold, the quotas each credential's principal gets, and how long the tenant's public topics keep records.
 */
@Validated
@ConfigurationProperties("aicockpit.command.integrations")
public record IntegrationProperties(@NotBlank String bootstrapServers,
                                    @DefaultValue("SASL_PLAINTEXT") @NotBlank String securityProtocol,
                                    @NotBlank String provisionerUsername,
                                    @NotBlank String provisionerPassword,
                                    @DefaultValue("20") @Positive int maxActivePerTenant,
                                    @DefaultValue("15s") Duration kafkaTimeout,
                                    @DefaultValue("7d") Duration tenantTopicRetention,
                                    @DefaultValue("7d") Duration offboardingTopicGrace,
                                    @DefaultValue @Valid Quotas quotas) {

    /**
     * Kafka client quotas per credential principal: {@code consumerByteRate} bytes per second fetched (the broker
     * delays a faster consumer's responses), {@code requestPercentage} of one broker I/O thread's time.
     */
    public record Quotas(@DefaultValue("1048576") @Positive long consumerByteRate,
                         @DefaultValue("25") @Positive double requestPercentage) {}

    @Override
    public String toString() {
        return "IntegrationProperties[bootstrapServers=" + bootstrapServers + ", provisionerUsername="
                + provisionerUsername + ", maxActivePerTenant=" + maxActivePerTenant + ", quotas=" + quotas + "]";
    }
}
