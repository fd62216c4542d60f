package io.aicockpit.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** B0 (CPU per streamed request), B1 (added time to first token) and the overload run. */
final class AiParts {
    private static final byte[] BODY = """
            {"model":"gpt-stub;chunks=5","stream":true,"stream_options":{"include_usage":true},\
            "messages":[{"role":"user","content":"benchmark"}]}""".getBytes(StandardCharsets.UTF_8);

    private final Settings settings;
    private final FixedRateLoad load;
    private final CpuSampler sampler;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Requests per second the machine serves at about 80 % CPU, from B0; used for the overload run. */
    private int sustainable;

    AiParts(Settings settings, FixedRateLoad load, CpuSampler sampler, Report report) {
        this.settings = settings;
        this.load = load;
        this.sampler = sampler;
        this.report = report;
    }

    private FixedRateLoad.Spec stream(String name, String url, boolean token, int rate, double warmup, double seconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (token) {
            headers.put("Authorization", "Bearer " + settings.token());
        }
        return new FixedRateLoad.Spec(name, PlatformBench.method("POST"), i -> url, i -> BODY, headers, rate, warmup,
                seconds, null);
    }

    private String gatewayUrl() {
        return settings.gateway() + "/v1/chat/completions";
    }

    private String directUrl() {
        return settings.stub() + "/v1/chat/completions";
    }

    void cpuPerRequest() throws InterruptedException, java.io.IOException {
        CpuSampler.Snapshot idleFrom = sampler.take();
        PlatformBench.sleepSeconds(settings.idleSeconds());
        CpuSampler.Snapshot idleTo = sampler.take();
        FixedRateLoad.Spec spec = stream("gateway", gatewayUrl(), true, settings.cpuRate(), 0, settings.cpuWarmup());
        load.run(spec, 30);
        CpuSampler.Snapshot from = sampler.take();
        String profiler = System.getProperty("bench.cpu.on-measure");
        if (profiler != null && !profiler.isBlank()) {
            // e.g. a JFR recording or a per-thread CPU sampler over exactly the measured window
            new ProcessBuilder("bash", "-c", profiler).inheritIO().start();
        }
        FixedRateLoad.Result result = load.run(spec.withRate(settings.cpuRate(), 0, settings.cpuSeconds()), 30);
        CpuSampler.Snapshot to = sampler.take();
        Report.Cpu cpu = new Report.Cpu(sampler, idleFrom, idleTo, from, to, result);
        report.cpu(cpu);
        double perRequest = cpu.platformPerRequest() + cpu.outsidePerRequest();
        int cores = Runtime.getRuntime().availableProcessors();
        sustainable = perRequest > 0 ? (int) Math.max(5, Math.min(5000, 0.8 * cores * 1000 / perRequest)) : 100;
        report.note("b0", "sustainable rate estimated from B0 (80 % of " + cores + " cores over "
                + String.format("%.2f", perRequest) + " ms per request, load generator and stub included): "
                + sustainable + " req/s");
    }

    void timeToFirstToken() throws InterruptedException {
        FixedRateLoad.Result direct = load.run(stream("direct", directUrl(), false, settings.b1Rate(),
                settings.b1Warmup(), settings.b1Seconds()), 40);
        FixedRateLoad.Spec gatewaySpec = stream("gateway", gatewayUrl(), true, settings.b1Rate(), 0,
                settings.b1Warmup());
        load.run(gatewaySpec, 40);
        CpuSampler.Snapshot from = sampler.take();
        FixedRateLoad.Result gateway = load.run(gatewaySpec.withRate(settings.b1Rate(), 0, settings.b1Seconds()), 40);
        CpuSampler.Snapshot to = sampler.take();
        report.b1(direct, gateway, sampler.cpuMillis(from, to), (to.nanos() - from.nanos()) / 1e9);
    }

    void overload() throws Exception {
        int rate = settings.overloadRate() > 0 ? settings.overloadRate() : 2 * (sustainable > 0 ? sustainable : 100);
        int low = Math.max(1, rate / 4);
        double opened = circuitOpenings();
        FixedRateLoad.Spec high = stream("overload", gatewayUrl(), true, rate, 0, settings.overloadSeconds());
        FixedRateLoad.Spec after = stream("after", gatewayUrl(), true, low, 0, settings.recoverSeconds());
        CompletableFuture<FixedRateLoad.Result> recovery = CompletableFuture.supplyAsync(() -> {
            try {
                PlatformBench.sleepSeconds(settings.overloadSeconds());
                return load.run(after, 40);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        FixedRateLoad.Result overload = load.run(high, 40);
        FixedRateLoad.Result recovered = recovery.get();
        double openedAfter = circuitOpenings();
        report.overload(rate, sustainable, overload, recovered, opened, openedAfter);
    }

    /** Times ai-worker's circuit breakers opened so far (NaN when the metric is not exposed). */
    private double circuitOpenings() {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(settings.aiWorkerMetrics()))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            double sum = Double.NaN;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("aicockpit_ai_circuit_transitions_total") && line.contains("to=\"OPEN\"")) {
                    sum = (Double.isNaN(sum) ? 0 : sum) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            if (Double.isNaN(sum) && metrics.body().contains("aicockpit_ai_circuit_transitions_total")) {
                return 0;
            }
            return sum;
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
