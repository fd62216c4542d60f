package io.aicockpit.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The benchmark's settings, from {@code bench.*} system properties; smoke mode shrinks every default. */
record Settings(boolean smoke, String gateway, String stub, String token, String aiWorkerMetrics, Path out,
                Path groupsFile, Path countersFile, String commit, List<String> parts,
                double idleSeconds, int cpuRate, double cpuWarmup, double cpuSeconds,
                int b1Rate, double b1Warmup, double b1Seconds,
                int overloadRate, double overloadSeconds, double recoverSeconds,
                int b2Runs, String b2Stack, int b3Rate, double b3Seconds, int b3Workspaces,
                int b6Rate, double b6Seconds) {

    static Settings fromSystemProperties() {
        boolean smoke = "smoke".equals(System.getProperty("bench.mode", "full"));
        return new Settings(smoke,
                get("bench.gateway", "http://127.0.0.1:8080"),
                get("bench.stub", "http://127.0.0.1:18090"),
                require("bench.token"),
                get("bench.aiworker.metrics", "http://127.0.0.1:8084/actuator/prometheus"),
                Path.of(get("bench.out", "build/bench/report.md")),
                path("bench.groups"), path("bench.counters"),
                get("bench.commit", "unknown"),
                Arrays.asList(get("bench.parts", "b0,b1,overload,b2,b3,b6").split(",")),
                num("bench.idle.seconds", smoke ? 2 : 10),
                (int) num("bench.cpu.rate", smoke ? 10 : 50),
                num("bench.cpu.warmup", smoke ? 1 : 10),
                num("bench.cpu.seconds", smoke ? 3 : 25),
                (int) num("bench.b1.rate", smoke ? 20 : 1000),
                num("bench.b1.warmup", smoke ? 1 : 10),
                num("bench.b1.seconds", smoke ? 2 : 20),
                (int) num("bench.overload.rate", smoke ? 40 : 0),
                num("bench.overload.seconds", smoke ? 2 : 10),
                num("bench.recover.seconds", smoke ? 2 : 10),
                (int) num("bench.b2.runs", smoke ? 1 : 10),
                get("bench.b2.stack", "busybox"),
                (int) num("bench.b3.rate", smoke ? 20 : 1000),
                num("bench.b3.seconds", smoke ? 2 : 10),
                (int) num("bench.b3.workspaces", smoke ? 5 : 100),
                (int) num("bench.b6.rate", smoke ? 20 : 300),
                num("bench.b6.seconds", smoke ? 2 : 20));
    }

    private static String get(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String require(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + key + " is required");
        }
        return value;
    }

    private static Path path(String key) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    private static double num(String key, double fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value);
    }
}
