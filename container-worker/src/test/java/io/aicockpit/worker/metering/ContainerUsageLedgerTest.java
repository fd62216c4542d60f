package io.aicockpit.worker.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerUsageLedgerTest {
    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    static final long GIB = 1L << 30;
    final ContainerUsageLedger ledger = new ContainerUsageLedger(new NodeId("node-a"));
    final ContainerUsageLedger.Owner owner = new ContainerUsageLedger.Owner("c1", "acme", WorkspaceId.random(), "alice");

    ContainerSample at(int seconds, long cpuNanos, long memory, long disk) {
        return new ContainerSample(T0.plusSeconds(seconds), cpuNanos, memory, disk);
    }

    @Test
    void firstSampleOfAContainerRunningBeforeTheNodeStartedIsOnlyABaseline() {
        assertThat(ledger.record(owner, at(0, 5_000_000_000L, GIB, 0), () -> T0.minusSeconds(3600))).isEmpty();
    }

    @Test
    void chargesTheDeltaBetweenTwoSamples() {
        ledger.record(owner, at(0, 5_000_000_000L, GIB, 0), () -> null);
        ContainerUsageRecorded usage = ledger.record(owner, at(15, 12_500_000_000L, 3 * GIB, 2 * GIB), () -> null)
                .orElseThrow();
        assertThat(usage.cpuSeconds()).isCloseTo(7.5, within(1e-9));
        assertThat(usage.memoryGibSeconds()).isCloseTo(2 * 15, within(1e-9));
        assertThat(usage.diskGibHours()).isCloseTo(2 * 15 / 3600d, within(1e-9));
        assertThat(usage.from()).isEqualTo(T0);
        assertThat(usage.to()).isEqualTo(T0.plusSeconds(15));
        assertThat(usage.ownerSubject()).isEqualTo("alice");
        assertThat(usage.nodeId()).isEqualTo(new NodeId("node-a"));
        assertThat(usage.id()).isEqualTo(ContainerUsageRecorded.idOf("c1", T0, T0.plusSeconds(15)));
    }

    @Test
    void aCounterThatWentBackMeansARestartAndCountsFromTheRestart() {
        ledger.record(owner, at(0, 50_000_000_000L, GIB, 0), () -> null);
        ContainerUsageRecorded usage = ledger.record(owner, at(15, 2_000_000_000L, GIB, 0),
                () -> T0.plusSeconds(10)).orElseThrow();
        assertThat(usage.cpuSeconds()).isCloseTo(2, within(1e-9));
        assertThat(usage.from()).isEqualTo(T0.plusSeconds(10));
        assertThat(usage.memoryGibSeconds()).isCloseTo(5, within(1e-9));
    }

    @Test
    void aContainerStartedSinceThePreviousPassIsCountedFromItsStart() {
        ledger.passed(T0, Set.of());
        ContainerUsageRecorded usage = ledger.record(owner, at(15, 3_000_000_000L, GIB, -1), () -> T0.plusSeconds(5))
                .orElseThrow();
        assertThat(usage.cpuSeconds()).isCloseTo(3, within(1e-9));
        assertThat(usage.from()).isEqualTo(T0.plusSeconds(5));
        assertThat(usage.diskGibHours()).isZero();
    }

    @Test
    void forgetsStoppedContainersSoAStartAfterAStopIsNotChargedForTheStoppedTime() {
        ledger.record(owner, at(0, 5_000_000_000L, GIB, 0), () -> null);
        ledger.passed(T0.plusSeconds(1), Set.of());
        ledger.passed(T0.plusSeconds(3590), Set.of());
        ContainerUsageRecorded usage = ledger.record(owner, at(3600, 1_000_000_000L, GIB, 0),
                () -> T0.plusSeconds(3595)).orElseThrow();
        assertThat(usage.from()).isEqualTo(T0.plusSeconds(3595));
        assertThat(usage.memoryGibSeconds()).isCloseTo(5, within(1e-9));
    }

    @Test
    void theSameWindowOfTheSameContainerHasTheSameId() {
        assertThat(ContainerUsageRecorded.idOf("c1", T0, T0.plusSeconds(15)))
                .isEqualTo(ContainerUsageRecorded.idOf("c1", T0, T0.plusSeconds(15)))
                .isNotEqualTo(ContainerUsageRecorded.idOf("c1", T0, T0.plusSeconds(16)));
    }
}
