package io.aicockpit.worker.reconcile;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the reconciler ({@code aicockpit.container-worker.reconcile.*}). A record of its own rather than a
 * component of {@code ContainerWorkerProperties}, whose positional constructor tests of other packages call.
 *
 * @param enabled        off only for tests that must not observe containers
 * @param interval       time between two full comparisons of this node's containers (the fallback when the Docker
 *                       event stream missed an exit)
 * @param reportsPerExit how often one exit (container and finish time) is reported at most: once when seen, then
 *                       again at the next passes, because command-side ignores an exit that arrives before it
 *                       learned the container runs
 * @param eventsTopic    where observations are published; only tests change it
 * @param orphanGrace    a managed container older than this is shown to command-side, at most once per period,
 *                       which answers with a removal if no workspace wants it (deleted or unknown workspace)
 * @param nodeCommandsTopic where command-side's removals for this node arrive; only tests change it
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.reconcile")
public record ReconcileProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("30s") @NotNull Duration interval,
                                  @DefaultValue("2") @Positive int reportsPerExit,
                                  @DefaultValue(Topics.CONTAINER_EVENTS) @NotBlank String eventsTopic,
                                  @DefaultValue("10m") @NotNull Duration orphanGrace,
                                  @DefaultValue(Topics.NODE_COMMANDS) @NotBlank String nodeCommandsTopic) {
    public ReconcileProperties {
        if (interval != null && interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("reconcile.interval must be at least 100ms");
        }
    }
}
