package io.aicockpit.command.idle;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the idle monitor ({@code aicockpit.command.idle.*}). A record of its own, like the worker's reconcile
 * settings, so {@code CommandSideProperties}' positional constructor stays as other tests call it.
 *
 * @param enabled       off only for tests that must not see workspaces stopped
 * @param sweepInterval how often due workspaces are looked for; a stop happens at most this late
 * @param warnBefore    the warning comes this long before the stop ...
 * @param warnFraction  ... or this fraction of the tenant's timeout before it, whichever is shorter
 * @param lease         how long one instance owns a workspace it is stopping before another may retry
 * @param activityTopic where nodes report activity; only tests change it
 */
@Validated
@ConfigurationProperties("aicockpit.command.idle")
record IdleMonitorProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("10s") @NotNull Duration sweepInterval,
                             @DefaultValue("5m") @NotNull Duration warnBefore,
                             @DefaultValue("0.1") @DecimalMin("0") @DecimalMax("0.9") double warnFraction,
                             @DefaultValue("30s") @NotNull Duration lease,
                             @DefaultValue(Topics.WORKSPACE_ACTIVITY) @NotBlank String activityTopic) {

    /** How long before the stop the warning comes for a tenant with this timeout. */
    Duration warningLead(Duration timeout) {
        Duration fraction = Duration.ofMillis((long) (timeout.toMillis() * warnFraction));
        return fraction.compareTo(warnBefore) < 0 ? fraction : warnBefore;
    }
}
