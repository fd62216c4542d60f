package io.aicockpit.worker.terminal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The terminal's meters: live and attached terminals (gauges), bytes typed and printed, input dropped because a
 * shell did not read it, and terminals ended by reason. Counts only, never content.
 */
final class TerminalMetrics {
    private final MeterRegistry meters;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter inputDropped;

    TerminalMetrics(MeterRegistry meters, Supplier<Number> live, Supplier<Number> attached) {
        this.meters = meters;
        Gauge.builder("aicockpit.terminal.live", live).description("terminals whose shell runs on this node")
                .register(meters);
        Gauge.builder("aicockpit.terminal.attached", attached).description("terminals with a socket attached")
                .register(meters);
        this.bytesIn = Counter.builder("aicockpit.terminal.bytes").tag("direction", "in").baseUnit("bytes")
                .register(meters);
        this.bytesOut = Counter.builder("aicockpit.terminal.bytes").tag("direction", "out").baseUnit("bytes")
                .register(meters);
        this.inputDropped = Counter.builder("aicockpit.terminal.input.dropped").baseUnit("bytes").register(meters);
    }

    void in(int bytes) {
        bytesIn.increment(bytes);
    }

    void out(int bytes) {
        bytesOut.increment(bytes);
    }

    void inputDropped(int bytes) {
        inputDropped.increment(bytes);
    }

    void opened() {
        meters.counter("aicockpit.terminal.opened").increment();
    }

    void ended(String reason) {
        meters.counter("aicockpit.terminal.ended", "reason", reason).increment();
    }
}
