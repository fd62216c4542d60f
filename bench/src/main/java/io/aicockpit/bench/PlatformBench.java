package io.aicockpit.bench;

import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The platform benchmark of issue 17 against a running local stack: B0 (CPU per streamed AI request, per process,
 * idle subtracted), B1 (added time to first token at a fixed rate), the overload run (twice the sustainable rate,
 * then recovery), B2 (workspace start vs a raw {@code docker run -d}), B3 (workspace commands through Axon and
 * their lag to the projection) and B6 (the workspace list through the gateway). Writes one markdown report.
 *
 * <p>Driven by {@code bench/run.sh}, which finds the processes and passes everything as system properties
 * ({@code bench.*}); {@code bench.mode=smoke} runs every part for a few seconds at a low rate.
 */
public final class PlatformBench {
    private PlatformBench() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Report report = new Report(settings);
        List<CpuSampler.Group> groups = new ArrayList<>();
        for (String line : lines(settings.groupsFile())) {
            String[] f = line.split("\t", 3);
            groups.add(new CpuSampler.Group(f[0], Boolean.parseBoolean(f[1]), f[2]));
        }
        groups.add(new CpuSampler.Group("load generator (this JVM)", false,
                "echo " + ProcessHandle.current().pid()));
        Map<String, String> counters = new LinkedHashMap<>();
        for (String line : lines(settings.countersFile())) {
            String[] f = line.split("\t", 2);
            counters.put(f[0], f[1]);
        }
        CpuSampler sampler = new CpuSampler(groups, counters);
        FixedRateLoad load = new FixedRateLoad(4000);
        AiParts ai = new AiParts(settings, load, sampler, report);
        WorkspaceParts workspaces = new WorkspaceParts(settings, load, report);
        int exit = 0;
        for (String part : settings.parts()) {
            long t0 = System.nanoTime();
            System.out.printf("== %s%n", part);
            try {
                switch (part) {
                    case "b0" -> ai.cpuPerRequest();
                    case "b1" -> ai.timeToFirstToken();
                    case "overload" -> ai.overload();
                    case "b2" -> workspaces.start();
                    case "b3" -> workspaces.commands();
                    case "b6" -> workspaces.list();
                    default -> throw new IllegalArgumentException("unknown part " + part);
                }
            } catch (Exception e) {
                exit = 1;
                report.failed(part, e);
                e.printStackTrace();
            }
            System.out.printf("== %s done in %.1f s%n", part, (System.nanoTime() - t0) / 1e9);
        }
        workspaces.close();
        report.write();
        System.out.println(Files.readString(settings.out()));
        System.exit(exit);
    }

    private static List<String> lines(Path file) throws IOException {
        return file == null ? List.of() : Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    static void sleepSeconds(double seconds) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep((long) (seconds * 1000));
    }

    static HttpMethod method(String name) {
        return HttpMethod.valueOf(name);
    }
}
