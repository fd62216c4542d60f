package io.aicockpit.worker.terminal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the workspace terminal ({@code aicockpit.container-worker.terminal.*}). A record of its own rather than
 * a component of {@code ContainerWorkerProperties} so the feature owns its settings; the prefix keeps them with the
 * module's others.
 *
 * @param gracePeriod     how long a shell keeps running with no socket attached before it is killed
 * @param bufferSize      output kept per terminal for replay on reattach (a ring: the oldest bytes go first)
 * @param maxPerUser      live terminals one caller (tenant + subject) may hold on this node; more are 429
 * @param maxPerNode      live terminals on this node; each holds one Docker connection; more are 429
 * @param maxInputFrame   largest client frame (binary input or JSON control); larger closes the socket with 1009
 * @param pingInterval    WebSocket pings to the attached client, so proxies keep idle terminals open
 * @param sweepInterval   how often sessions past their grace period are looked for
 * @param sendTimeout     a client that does not take output for this long is detached (the shell keeps running)
 * @param inputTimeout    input waits this long for the shell to read it before it is dropped
 */
@Validated
@ConfigurationProperties("aicockpit.container-worker.terminal")
record TerminalProperties(
        @DefaultValue("5m") @NotNull Duration gracePeriod,
        @DefaultValue("256KB") @NotNull DataSize bufferSize,
        @DefaultValue("8") @Positive int maxPerUser,
        @DefaultValue("200") @Positive int maxPerNode,
        @DefaultValue("64KB") @NotNull DataSize maxInputFrame,
        @DefaultValue("20s") @NotNull Duration pingInterval,
        @DefaultValue("5s") @NotNull Duration sweepInterval,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("10s") @NotNull Duration inputTimeout) {

    TerminalProperties {
        if (bufferSize != null && (bufferSize.toBytes() < 1024 || bufferSize.toBytes() > 16L << 20)) {
            throw new IllegalArgumentException("terminal.buffer-size must be between 1KB and 16MB");
        }
        if (maxInputFrame != null && (maxInputFrame.toBytes() < 1024 || maxInputFrame.toBytes() > 1L << 20)) {
            throw new IllegalArgumentException("terminal.max-input-frame must be between 1KB and 1MB");
        }
        for (Duration d : new Duration[] {gracePeriod, pingInterval, sweepInterval, sendTimeout, inputTimeout}) {
            if (d != null && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("terminal durations must be positive");
            }
        }
    }
}
