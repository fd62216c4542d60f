package io.aicockpit.worker.activity;

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
 * Settings of activity reporting ({@code aicockpit.container-worker.activity.*}); a record of its own for the same
 * reason as the reconciler's.
 *
 * @param enabled         off only for tests that must not report
 * @param sampleInterval  how often terminals, API use and CPU counters are looked at
 * @param publishInterval at most one report per workspace per this interval; the first activity after a quiet
 *                        interval is reported at the next sample
 * @param cpuThreshold    CPU use, in cores averaged over a sample interval, above which the container counts as
 *                        in use (0.05 = 5 % of one core: a build or a test loop is far above it, an idle shell below)
 * @param cgroupCpuUsage  the container's cumulative CPU time in nanoseconds, {@code {id}} replaced by the full
 *                        container id (cgroup v1 with the cgroupfs driver); when unreadable, the Docker stats API
 *                        is asked instead
 * @param topic           where reports go; only tests change it
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.activity")
public record ActivityProperties(@DefaultValue("true") boolean enabled,
                                 @DefaultValue("5s") @NotNull Duration sampleInterval,
                                 @DefaultValue("30s") @NotNull Duration publishInterval,
                                 @DefaultValue("0.05") @DecimalMin("0.001") @DecimalMax("64") double cpuThreshold,
                                 @DefaultValue("/sys/fs/cgroup/cpuacct/docker/{id}/cpuacct.usage")
                                 @NotBlank String cgroupCpuUsage,
                                 @DefaultValue(Topics.WORKSPACE_ACTIVITY) @NotBlank String topic) {
    public ActivityProperties {
        if (sampleInterval != null && sampleInterval.toMillis() < 100) {
            throw new IllegalArgumentException("activity.sample-interval must be at least 100ms");
        }
    }
}
