package io.aicockpit.worker.metering;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of container metering ({@code aicockpit.container-worker.metering.*}); a record of its own, like the
 * reconciler's, so {@code ContainerWorkerProperties}' positional constructor stays as other tests call it.
 *
 * @param enabled      off only for tests that must not publish usage
 * @param interval     time between two samples of a container; a node that dies loses at most this much usage
 * @param diskInterval how often the size of {@code /workspace} is measured ({@code du} walks the tree, so less
 *                     often than CPU and memory); between two measurements the last size is charged
 * @param topic        the internal usage topic; only tests change it
 * @param publishPublic whether records also go to the tenant's public usage topic; only tests turn it off
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.metering")
public record MeteringProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("15s") @NotNull Duration interval,
                                 @DefaultValue("5m") @NotNull Duration diskInterval,
                                 @DefaultValue(Topics.CONTAINER_USAGE) @NotBlank String topic,
                                 @DefaultValue("true") boolean publishPublic) {
    public MeteringProperties {
        if (interval != null && interval.compareTo(Duration.ofMillis(200)) < 0) {
            throw new IllegalArgumentException("metering.interval must be at least 200ms");
        }
    }
}
