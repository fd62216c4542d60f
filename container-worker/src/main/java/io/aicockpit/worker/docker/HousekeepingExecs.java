package io.aicockpit.worker.docker;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's own work inside workspace containers: the file API's scans, listings and reads, the change streams'
 * scans and the disk measurement run as {@code docker exec} in the container, so their CPU lands in the container's
 * counters. That is not use of the workspace; idle detection asks here what to leave out. Each exec's cost is the
 * container's CPU counter read before and after it (the cheap cgroup file only), so a user's process running
 * meanwhile is charged to the node for at most the exec's few milliseconds. Where the counter cannot be read
 * cheaply, the exec is recorded as unmeasured and the window it fell in is not judged.
 */
public final class HousekeepingExecs {
    /** A container's cumulative CPU in nanoseconds, from a source cheap enough to read around every exec. */
    @FunctionalInterface
    public interface CpuCounter {
        /** Empty when no cheap source answers for this container. */
        OptionalLong nanos(String containerId);
    }

    /**
     * What the node's execs cost a container since the last {@link #take}.
     *
     * @param nanos  CPU the finished execs used
     * @param exact  false when an exec ran unmeasured: the window's CPU cannot be split
     */
    public record Charge(long nanos, boolean exact) {
        public static final Charge NONE = new Charge(0, true);
    }

    /** An exec of the node's, run by the caller; may throw what the caller's exec throws. */
    @FunctionalInterface
    public interface Exec<T, E extends Exception> {
        T run() throws E;
    }

    /** One container's running execs and the charges not yet taken; guarded by itself. */
    private static final class Ledger {
        int running;
        long nanos;
        boolean unmeasured;
        /** Not among the running containers at the last {@link #retain}: dropped at the next one. */
        boolean absent;
    }

    private final CpuCounter cpu;
    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

    public HousekeepingExecs(CpuCounter cpu) {
        this.cpu = cpu;
    }

    /** Runs {@code exec} (the node's own docker exec in {@code containerId}) and charges its CPU to the node. */
    public <T, E extends Exception> T run(String containerId, Exec<T, E> exec) throws E {
        long[] before = new long[1];
        Ledger ledger = ledgers.compute(containerId, (id, existing) -> {
            Ledger l = existing == null ? new Ledger() : existing;
            synchronized (l) {
                l.running++;
                l.absent = false;
                before[0] = cpu.nanos(containerId).orElse(-1);
            }
            return l;
        });
        try {
            return exec.run();
        } finally {
            synchronized (ledger) {
                long after = before[0] >= 0 ? cpu.nanos(containerId).orElse(-1) : -1;
                ledger.running--;
                if (after >= before[0] && before[0] >= 0) {
                    ledger.nanos += after - before[0];
                } else {
                    ledger.unmeasured = true;
                }
            }
        }
    }

    /**
     * A container's CPU counter and the node's charges, read together: an exec falls wholly before the reading
     * (its CPU counted and charged) or wholly after it (neither), never half.
     *
     * @param nanos   the cheap counter's value, empty where there is none
     * @param charge  the charges since the previous reading, now taken
     * @param running whether an exec of the node's is under way, its cost not known yet
     */
    public record Reading(OptionalLong nanos, Charge charge, boolean running) {}

    /**
     * Reads the counter and takes the charges together. While an exec runs nothing is taken: its cost is only
     * known when it ends, so the caller judges the window at a later reading.
     */
    public Reading read(String containerId) {
        Ledger ledger = ledgers.get(containerId);
        if (ledger == null) {
            return new Reading(cpu.nanos(containerId), Charge.NONE, false);
        }
        synchronized (ledger) {
            OptionalLong nanos = cpu.nanos(containerId);
            if (ledger.running > 0) {
                return new Reading(nanos, Charge.NONE, true);
            }
            Charge charge = new Charge(ledger.nanos, !ledger.unmeasured);
            ledger.nanos = 0;
            ledger.unmeasured = false;
            return new Reading(nanos, charge, false);
        }
    }

    /**
     * Drops the ledgers of containers missing from two calls in a row with no exec under way (one miss is allowed:
     * a container that started after the caller listed them).
     */
    public void retain(Set<String> runningContainers) {
        for (String containerId : ledgers.keySet()) {
            if (runningContainers.contains(containerId)) {
                continue;
            }
            ledgers.computeIfPresent(containerId, (id, l) -> {
                synchronized (l) {
                    if (l.running > 0) {
                        return l;
                    }
                    if (l.absent) {
                        return null;
                    }
                    l.absent = true;
                    return l;
                }
            });
        }
    }
}
