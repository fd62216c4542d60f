package io.aicockpit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of groups of processes from {@code /proc/<pid>/stat} (utime + stime), and counters read by commands
 * (Redis commands processed, PostgreSQL transactions, Kafka produce requests). Each group's pids are found again
 * by a shell command at every snapshot, so processes that appear during a run (a new database backend) count too:
 * a pid seen only at the end counts with all its CPU time, which it spent during the run.
 */
final class CpuSampler {
    /** A named set of processes; {@code platform} ones add up to the platform's figure. */
    record Group(String name, boolean platform, String pidCommand) {}

    /**
     * CPU ticks per pid of each group, of which the JIT compiler threads' ticks (a warm-up cost that fades once
     * the code is compiled), counters by name, and when.
     */
    record Snapshot(long nanos, Map<String, Map<Long, Long>> ticks, Map<String, Map<Long, Long>> jitTicks,
                    Map<String, Double> counters) {}

    private final List<Group> groups;
    private final Map<String, String> counters;
    private final long ticksPerSecond;

    CpuSampler(List<Group> groups, Map<String, String> counters) {
        this.groups = groups;
        this.counters = counters;
        String tck = run("getconf CLK_TCK").trim();
        this.ticksPerSecond = tck.isEmpty() ? 100 : Long.parseLong(tck);
    }

    List<Group> groups() {
        return groups;
    }

    Snapshot take() {
        Map<String, Map<Long, Long>> ticks = new LinkedHashMap<>();
        Map<String, Map<Long, Long>> jitTicks = new LinkedHashMap<>();
        for (Group group : groups) {
            Map<Long, Long> perPid = new HashMap<>();
            Map<Long, Long> jitPerPid = new HashMap<>();
            for (String line : run(group.pidCommand()).split("\\s+")) {
                if (line.isBlank()) {
                    continue;
                }
                long pid = Long.parseLong(line.trim());
                long t = ticksOf(pid);
                if (t >= 0) {
                    perPid.put(pid, t);
                    jitPerPid.put(pid, jitTicksOf(pid));
                }
            }
            ticks.put(group.name(), perPid);
            jitTicks.put(group.name(), jitPerPid);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        counters.forEach((name, command) -> {
            String out = run(command).trim();
            try {
                values.put(name, out.isEmpty() ? Double.NaN : Double.parseDouble(out));
            } catch (NumberFormatException e) {
                values.put(name, Double.NaN);
            }
        });
        return new Snapshot(System.nanoTime(), ticks, jitTicks, values);
    }

    /** Milliseconds of CPU each group used between two snapshots. */
    Map<String, Double> cpuMillis(Snapshot from, Snapshot to) {
        return millis(from.ticks(), to.ticks());
    }

    /** Milliseconds of CPU the JIT compiler threads of each group used between two snapshots. */
    Map<String, Double> jitMillis(Snapshot from, Snapshot to) {
        return millis(from.jitTicks(), to.jitTicks());
    }

    private Map<String, Double> millis(Map<String, Map<Long, Long>> from, Map<String, Map<Long, Long>> to) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (Group group : groups) {
            Map<Long, Long> before = from.getOrDefault(group.name(), Map.of());
            long sum = 0;
            for (Map.Entry<Long, Long> after : to.getOrDefault(group.name(), Map.of()).entrySet()) {
                sum += after.getValue() - before.getOrDefault(after.getKey(), 0L);
            }
            result.put(group.name(), sum * 1000.0 / ticksPerSecond);
        }
        return result;
    }

    /** The count of processes each group had at a snapshot. */
    static int pids(Snapshot snapshot, String group) {
        return snapshot.ticks().getOrDefault(group, Map.of()).size();
    }

    private static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            // the command name may hold spaces and parentheses: fields start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Ticks of a JVM's C1/C2 compiler threads (0 for other processes). */
    private static long jitTicksOf(long pid) {
        long sum = 0;
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    static String run(String command) {
        try {
            Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
