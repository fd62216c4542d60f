package io.aicockpit.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The ledger of the node's own execs, on a counter the test moves by hand. */
class HousekeepingExecsTest {
    private final Map<String, Long> counters = new ConcurrentHashMap<>();
    private final HousekeepingExecs execs = new HousekeepingExecs(
            id -> counters.containsKey(id) ? OptionalLong.of(counters.get(id)) : OptionalLong.empty());

    private void burn(String container, long nanos) {
        counters.merge(container, nanos, Long::sum);
    }

    @Test
    void chargesWhatTheContainerUsedDuringTheExecAndForgetsItOnceTaken() {
        counters.put("c1", 1_000L);
        String out = execs.run("c1", () -> {
            burn("c1", 40_000_000L);
            return "done";
        });
        burn("c1", 5L); // the user's, after the exec

        assertThat(out).isEqualTo("done");
        HousekeepingExecs.Reading reading = execs.read("c1");
        assertThat(reading.nanos()).hasValue(40_001_005L);
        assertThat(reading.charge()).isEqualTo(new HousekeepingExecs.Charge(40_000_000L, true));
        assertThat(reading.running()).isFalse();
        assertThat(execs.read("c1").charge()).isEqualTo(HousekeepingExecs.Charge.NONE);
    }

    @Test
    void whileAnExecRunsNothingIsTakenAndItsWholeCostComesWithTheNextReading() {
        counters.put("c1", 0L);
        AtomicReference<HousekeepingExecs.Reading> during = new AtomicReference<>();
        execs.run("c1", () -> {
            burn("c1", 10L);
            during.set(execs.read("c1"));
            burn("c1", 20L);
            return null;
        });

        assertThat(during.get().running()).isTrue();
        assertThat(during.get().charge().nanos()).isZero();
        assertThat(execs.read("c1").charge()).isEqualTo(new HousekeepingExecs.Charge(30L, true));
    }

    @Test
    void anExecWithoutACheapCounterMakesTheWindowUnjudged() {
        execs.run("no-cgroup", () -> null);

        HousekeepingExecs.Reading reading = execs.read("no-cgroup");
        assertThat(reading.nanos()).isEmpty();
        assertThat(reading.charge().exact()).isFalse();
        assertThat(execs.read("no-cgroup").charge().exact()).as("only the window it ran in").isTrue();
    }

    @Test
    void theChargeOfAFailedExecStillCounts() {
        counters.put("c1", 0L);
        try {
            execs.run("c1", () -> {
                burn("c1", 7L);
                throw new IllegalStateException("exec refused");
            });
        } catch (IllegalStateException expected) {
            // the caller's problem; the CPU was spent anyway
        }
        assertThat(execs.read("c1").charge()).isEqualTo(new HousekeepingExecs.Charge(7L, true));
    }

    @Test
    void aLedgerIsDroppedOnlyAfterTwoListingsWithoutItsContainer() {
        counters.put("c1", 0L);
        execs.run("c1", () -> {
            burn("c1", 3L);
            return null;
        });
        execs.retain(Set.of());
        assertThat(execs.read("c1").charge().nanos()).as("kept after one miss").isEqualTo(3L);

        execs.run("c1", () -> {
            burn("c1", 4L);
            return null;
        });
        execs.retain(Set.of());
        execs.retain(Set.of());
        assertThat(execs.read("c1").charge()).as("dropped after two").isEqualTo(HousekeepingExecs.Charge.NONE);
    }
}
