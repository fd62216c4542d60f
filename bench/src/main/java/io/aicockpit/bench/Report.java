package io.aicockpit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The markdown report: machine, then each part's figures next to their target and the baseline. */
final class Report {
    /** Issue 17's baseline, CPU ms per streamed request at 50 req/s. */
    private static final Map<String, String> BASELINE = Map.of("api-gateway", "8.3", "ai-worker", "3.6",
            "kafka", "3.4", "query-side", "1.2", "postgresql", "1.5", "redis", "0.6");

    /** B0's figures: CPU per group during idle and during the measured load. */
    record Cpu(CpuSampler sampler, CpuSampler.Snapshot idleFrom, CpuSampler.Snapshot idleTo,
               CpuSampler.Snapshot from, CpuSampler.Snapshot to, FixedRateLoad.Result load) {
        double idleSeconds() {
            return (idleTo.nanos() - idleFrom.nanos()) / 1e9;
        }

        double seconds() {
            return (to.nanos() - from.nanos()) / 1e9;
        }

        long requests() {
            return Math.max(1, load.ok());
        }

        /** CPU ms per request of each group, idle consumption over the same wall time subtracted. */
        Map<String, Double> perRequest() {
            Map<String, Double> idle = sampler.cpuMillis(idleFrom, idleTo);
            Map<String, Double> busy = sampler.cpuMillis(from, to);
            Map<String, Double> result = new LinkedHashMap<>();
            busy.forEach((group, ms) -> result.put(group,
                    (ms - idle.getOrDefault(group, 0.0) / idleSeconds() * seconds()) / requests()));
            return result;
        }

        double platformPerRequest() {
            Map<String, Double> per = perRequest();
            return sampler.groups().stream().filter(CpuSampler.Group::platform)
                    .mapToDouble(g -> per.getOrDefault(g.name(), 0.0)).sum();
        }

        double outsidePerRequest() {
            Map<String, Double> per = perRequest();
            return sampler.groups().stream().filter(g -> !g.platform())
                    .mapToDouble(g -> per.getOrDefault(g.name(), 0.0)).sum();
        }
    }

    private final Settings settings;
    private final String startLoad = loadAverage();
    private final ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);
    private final Map<String, StringBuilder> sections = new LinkedHashMap<>();

    Report(Settings settings) {
        this.settings = settings;
    }

    private StringBuilder section(String part) {
        return sections.computeIfAbsent(part, p -> new StringBuilder());
    }

    void note(String part, String text) {
        section(part).append('\n').append(text).append('\n');
    }

    void failed(String part, Exception e) {
        note(part, "**This part failed:** `" + e + "`");
    }

    void cpu(Cpu cpu) {
        StringBuilder s = section("b0");
        s.append(String.format(Locale.ROOT, "Streamed chat completions through the gateway at %d req/s for %.1f s "
                        + "(%d answered 200, %d refused, %d errors), after %.0f s of warm-up; idle consumption measured "
                        + "over %.1f s just before and subtracted. CPU time from /proc/<pid>/stat (utime + stime).%n%n",
                settings.cpuRate(), cpu.seconds(), cpu.load().ok(), cpu.load().refused, cpu.load().errors,
                settings.cpuWarmup(), cpu.idleSeconds()));
        s.append("| process | pids | idle CPU ms/s | CPU ms/s under load | **CPU ms per request** | of which JIT "
                + "compiler threads | baseline (issue 17) |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> jit = cpu.sampler().jitMillis(cpu.from(), cpu.to());
        Map<String, Double> idle = cpu.sampler().cpuMillis(cpu.idleFrom(), cpu.idleTo());
        Map<String, Double> busy = cpu.sampler().cpuMillis(cpu.from(), cpu.to());
        Map<String, Double> per = cpu.perRequest();
        for (boolean platform : new boolean[] {true, false}) {
            for (CpuSampler.Group group : cpu.sampler().groups()) {
                if (group.platform() != platform) {
                    continue;
                }
                double jitPerRequest = jit.get(group.name()) / cpu.requests();
                s.append(String.format(Locale.ROOT, "| %s%s | %d | %.1f | %.1f | %.3f | %s | %s |%n", group.name(),
                        platform ? "" : " (not platform)", CpuSampler.pids(cpu.to(), group.name()),
                        idle.get(group.name()) / cpu.idleSeconds(), busy.get(group.name()) / cpu.seconds(),
                        per.get(group.name()), jitPerRequest > 0 ? String.format(Locale.ROOT, "%.3f", jitPerRequest)
                                : "", BASELINE.getOrDefault(group.name(), "")));
            }
            if (platform) {
                double platformJit = cpu.sampler().groups().stream().filter(CpuSampler.Group::platform)
                        .mapToDouble(g -> jit.get(g.name())).sum() / cpu.requests();
                s.append(String.format(Locale.ROOT, "| **platform total** | | | | **%.3f** | %.3f | 18 (target ≤ 1) |%n",
                        cpu.platformPerRequest(), platformJit));
            }
        }
        Map<String, Double> counters = new LinkedHashMap<>();
        cpu.from().counters().forEach((name, before) -> {
            double idleDelta = cpu.idleTo().counters().get(name) - cpu.idleFrom().counters().get(name);
            double delta = cpu.to().counters().get(name) - before;
            counters.put(name, (delta - idleDelta / cpu.idleSeconds() * cpu.seconds()) / cpu.requests());
        });
        if (!counters.isEmpty()) {
            s.append("\n| counter (idle subtracted) | per request |\n|---|---:|\n");
            counters.forEach((name, value) -> s.append(String.format(Locale.ROOT, "| %s | %.2f |%n", name, value)));
        }
    }

    void b1(FixedRateLoad.Result direct, FixedRateLoad.Result gateway, Map<String, Double> cpu, double seconds) {
        StringBuilder s = section("b1");
        s.append(String.format(Locale.ROOT, "Streamed chat completion, %d req/s for %.0f s per path after %.0f s of "
                + "warm-up, open model (requests start on schedule).%n%n", settings.b1Rate(), settings.b1Seconds(),
                settings.b1Warmup()));
        s.append("| path | requests | 200 | refused | errors | TTFT p50 ms | p90 ms | p99 ms | max ms |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FixedRateLoad.Result r : new FixedRateLoad.Result[] {direct, gateway}) {
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f |%n", r.name,
                    r.sent, r.ok(), r.refused, r.errors, ms(r.firstByte, 50), ms(r.firstByte, 90),
                    ms(r.firstByte, 99), r.firstByte.getMaxValue() / 1000.0));
        }
        double p50 = ms(gateway.firstByte, 50) - ms(direct.firstByte, 50);
        double p99 = ms(gateway.firstByte, 99) - ms(direct.firstByte, 99);
        s.append(String.format(Locale.ROOT, "%n| added by gateway + ai-worker | measured | target | baseline (issue 17, "
                        + "100 req/s) |%n|---|---:|---:|---:|%n| TTFT p50 | %+.2f ms | ≤ 1 ms | +37.6 ms |%n"
                        + "| TTFT p99 | %+.2f ms | ≤ 5 ms | +439 ms |%n| errors + refusals | %d | 0 | |%n",
                p50, p99, gateway.errors + gateway.refused + direct.errors + direct.refused));
        errors(s, gateway);
        s.append("\nCPU use during the gateway run (ms per second; 1000 = one core):");
        cpu.forEach((group, ms) -> s.append(String.format(Locale.ROOT, " %s %.0f;", group, ms / seconds)));
        s.append('\n');
    }

    void overload(int rate, int sustainable, FixedRateLoad.Result high, FixedRateLoad.Result after, double openedBefore,
                  double openedAfter) {
        StringBuilder s = section("overload");
        s.append(String.format(Locale.ROOT, "%d req/s for %.0f s (%s), then %d req/s for %.0f s.%n%n", rate,
                settings.overloadSeconds(), settings.overloadRate() > 0
                        ? "a fixed rate; B0's sustainable estimate: " + (sustainable > 0 ? sustainable + " req/s"
                                : "not run")
                        : sustainable > 0 ? "2 × the sustainable rate " + sustainable + " req/s from B0"
                                : "B0 not run: 2 × 100 req/s assumed", after.rate, settings.recoverSeconds()));
        s.append("| phase | sent | 2xx | 429 | 503 | other status | errors | refusals with Retry-After | "
                + "time to refuse p50 / p99 ms | TTFT of served p50 / p99 ms |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (FixedRateLoad.Result r : new FixedRateLoad.Result[] {high, after}) {
            long other = r.statuses.entrySet().stream()
                    .filter(e -> e.getKey() / 100 != 2 && e.getKey() != 429 && e.getKey() != 503)
                    .mapToLong(Map.Entry::getValue).sum();
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d / %d | %.1f / %.1f | "
                            + "%.1f / %.1f |%n", r.name, r.sent, r.ok(), r.status(429), r.status(503), other,
                    r.errors, r.refusedWithRetryAfter, r.refused, ms(r.refusal, 50), ms(r.refusal, 99),
                    ms(r.firstByte, 50), ms(r.firstByte, 99)));
        }
        int lastBad = -1;
        for (int i = 0; i < after.sentPerSecond.length; i++) {
            if (after.refusedPerSecond[i] + after.failedPerSecond[i] > 0) {
                lastBad = i;
            }
        }
        s.append(String.format(Locale.ROOT, "%nRecovery after the load dropped: %s. ", lastBad < 0
                ? "every request of the lower rate was served from the first second on"
                : "refusals or errors until second " + (lastBad + 1) + " after the drop"));
        s.append(Double.isNaN(openedAfter) ? "Circuit breaker openings: metric not exposed by ai-worker.\n"
                : String.format(Locale.ROOT, "Circuit breaker openings during the run: **%.0f** (target 0 on a "
                        + "healthy upstream).%n", openedAfter - (Double.isNaN(openedBefore) ? 0 : openedBefore)));
        errors(s, high);
    }

    void b2(Histogram platform, Histogram raw, Histogram tti, Histogram rawTti, String flags, String stack) {
        StringBuilder s = section("b2");
        s.append(String.format(Locale.ROOT, "%d starts of a `%s` workspace through the gateway (create, then "
                        + "`POST …/start` until the read model's event stream shows RUNNING), each next to a raw "
                        + "`docker run -d %s` with the platform container's image, command, limits and security "
                        + "options and a fresh named volume.%n%n", platform.getTotalCount(), stack, flags == null ? ""
                        : flags.replace("|", "\\|")));
        s.append("| | p50 ms | max ms | target |\n|---|---:|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| platform start → RUNNING visible | %.0f | %.0f | ≤ raw + 150 ms "
                + "(baseline 1,060) |%n", ms(platform, 50), platform.getMaxValue() / 1000.0));
        s.append(String.format(Locale.ROOT, "| raw `docker run -d` | %.0f | %.0f | (baseline 600) |%n", ms(raw, 50),
                raw.getMaxValue() / 1000.0));
        s.append(String.format(Locale.ROOT, "| **added by the platform** | **%+.0f** | | ≤ +150 ms (baseline +460) |%n",
                ms(platform, 50) - ms(raw, 50)));
        s.append(String.format(Locale.ROOT, "| time to interactive (start → first successful files listing, "
                + "a `docker exec` in the workspace) | %.0f | %.0f | ≤ 250 ms with a warm pool (optional) |%n",
                ms(tti, 50), tti.getMaxValue() / 1000.0));
        s.append(String.format(Locale.ROOT, "| raw `docker run -d` + `docker exec true` | %.0f | %.0f | |%n",
                ms(rawTti, 50), rawTti.getMaxValue() / 1000.0));
    }

    void b3(FixedRateLoad.Result result, Histogram lag, int missing, double wall, int workspaces) {
        StringBuilder s = section("b3");
        s.append(String.format(Locale.ROOT, "`PATCH /api/v1/workspaces/{id}` (rename: a command through Axon, an "
                        + "event, the projection, the read model's event stream) at %d req/s for %.0f s over %d "
                        + "workspaces, through the gateway; lag = from the request's start to the new name arriving "
                        + "on the event stream.%n%n", result.rate, result.seconds, workspaces));
        s.append("| | measured | target |\n|---|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| commands accepted per second | %.0f (%d of %d sent; %d refused, %d "
                + "errors) | ≥ 1,000 |%n", result.ok() / result.seconds, result.ok(), result.sent, result.refused,
                result.errors));
        s.append(String.format(Locale.ROOT, "| command answer p50 / p99 ms | %.1f / %.1f | |%n",
                ms(result.complete, 50), ms(result.complete, 99)));
        s.append(String.format(Locale.ROOT, "| command → projection lag p50 / p99 / max ms | %.1f / **%.1f** / %.1f "
                + "| p99 ≤ 250 ms |%n", ms(lag, 50), ms(lag, 99), lag.getMaxValue() / 1000.0));
        s.append(String.format(Locale.ROOT, "| accepted renames never seen on the stream (15 s) | %d | 0 |%n",
                missing));
        errors(s, result);
    }

    void b6(FixedRateLoad.Result r) {
        StringBuilder s = section("b6");
        s.append(String.format(Locale.ROOT, "`GET /api/v1/workspaces?limit=50` through the gateway (auth, rate limit, "
                + "tenant filter) at %d req/s for %.0f s.%n%n", r.rate, r.seconds));
        s.append("| requests | 200 | refused | errors | p50 ms | p95 ms | p99 ms | max ms | target |\n");
        s.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| %d | %d | %d | %d | %.1f | **%.1f** | %.1f | %.1f | p95 ≤ 20 ms, "
                        + "0 errors |%n", r.sent, r.ok(), r.refused, r.errors, ms(r.complete, 50), ms(r.complete, 95),
                ms(r.complete, 99), r.complete.getMaxValue() / 1000.0));
        errors(s, r);
    }

    private static void errors(StringBuilder s, FixedRateLoad.Result r) {
        if (!r.errorKinds.isEmpty()) {
            s.append("\nErrors (").append(r.name).append("):");
            r.errorKinds.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(4)
                    .forEach(e -> s.append(" ").append(e.getValue()).append(" × `")
                            .append(e.getKey().replace("`", "'")).append("`;"));
            s.append('\n');
        }
    }

    private static double ms(Histogram h, double percentile) {
        return FixedRateLoad.Result.ms(h, percentile);
    }

    void write() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# AiCockpit platform benchmark").append(settings.smoke() ? " (smoke: tiny rates, no figure "
                + "means anything)" : "").append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ").append(started.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19))
                .append(" UTC |\n");
        md.append("| commit | ").append(settings.commit()).append(" |\n");
        md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(", ").append(cpuModel()).append(", kernel ")
                .append(CpuSampler.run("uname -r").trim()).append(" |\n");
        md.append("| load average (1/5/15 min) | at start ").append(startLoad).append("; at end ")
                .append(loadAverage()).append(" |\n");
        md.append("| note | the whole platform, the stub upstream and the load generator share these cores, and "
                + "other work on the machine (load average above) adds noise to latencies; CPU per request is "
                + "robust to it |\n");
        Map<String, String> titles = Map.of("b0", "B0: platform CPU per streamed AI request",
                "b1", "B1: added time to first token", "overload", "Overload: twice the sustainable rate",
                "b2", "B2: workspace start", "b3", "B3: workspace commands through Axon",
                "b6", "B6: workspace list through the gateway");
        sections.forEach((part, text) -> md.append("\n## ").append(titles.getOrDefault(part, part)).append("\n\n")
                .append(text.toString().strip()).append('\n'));
        Path out = settings.out();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, md.toString());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String memory() {
        String kb = CpuSampler.run("awk '/MemTotal/ {print $2}' /proc/meminfo").trim();
        return kb.isEmpty() ? "?" : String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb) / 1048576.0);
    }

    private static String cpuModel() {
        String model = CpuSampler.run("awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo").trim();
        return model.isEmpty() ? "unknown CPU" : model;
    }
}
