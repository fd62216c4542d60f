package io.aicockpit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * B2 (workspace start through the API until RUNNING is in the read model, vs a raw {@code docker run -d} of the
 * same image, limits and volume; time to interactive), B3 (rename commands through Axon at a fixed rate and their
 * lag to the projection) and B6 (the workspace list through the gateway at a fixed rate).
 */
final class WorkspaceParts implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final FixedRateLoad load;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private WorkspaceEvents events;

    WorkspaceParts(Settings settings, FixedRateLoad load, Report report) {
        this.settings = settings;
        this.load = load;
        this.report = report;
    }

    private WorkspaceEvents events() throws InterruptedException {
        if (events == null) {
            events = new WorkspaceEvents(http, settings.gateway(), settings.token());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!events.open() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            if (!events.open()) {
                throw new IllegalStateException("the workspace event stream did not open");
            }
        }
        return events;
    }

    void start() throws Exception {
        WorkspaceEvents stream = events();
        Histogram platform = new Histogram(3);
        Histogram raw = new Histogram(3);
        Histogram tti = new Histogram(3);
        Histogram rawTti = new Histogram(3);
        int runs = settings.b2Runs() + (settings.smoke() ? 0 : 1);
        String flags = null;
        for (int i = 0; i < runs; i++) {
            boolean measured = settings.smoke() || i > 0;
            String id = create("bench-b2-" + run + "-" + i);
            long t0 = System.nanoTime();
            HttpResponse<String> started = send("POST", "/api/v1/workspaces/" + id + "/start", null);
            if (started.statusCode() != 202) {
                throw new IllegalStateException("start answered " + started.statusCode() + ": " + started.body());
            }
            Long interactive = null;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
            while (interactive == null && System.nanoTime() < deadline) {
                if (send("GET", "/api/v1/workspaces/" + id + "/files?path=", null).statusCode() == 200) {
                    interactive = System.nanoTime();
                } else {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            }
            Long running = stream.awaitStatus(id, "RUNNING", Duration.ofSeconds(60));
            if (running == null || interactive == null) {
                throw new IllegalStateException("workspace " + id + " did not become RUNNING/interactive in 60 s");
            }
            JsonNode container = JSON.readTree(CpuSampler.run("docker inspect aicockpit-ws-" + id)).get(0);
            List<String> args = rawRunArguments(container, "bench-raw-" + run + "-" + i);
            flags = String.join(" ", args.subList(3, args.size()));
            long r0 = System.nanoTime();
            exec(args);
            long r1 = System.nanoTime();
            exec(List.of("docker", "exec", "bench-raw-" + run + "-" + i, "true"));
            long r2 = System.nanoTime();
            exec(List.of("docker", "rm", "-f", "-v", "bench-raw-" + run + "-" + i));
            exec(List.of("docker", "volume", "rm", "-f", "bench-raw-" + run + "-" + i));
            delete(id);
            stream.awaitStatus(id, "DELETED", Duration.ofSeconds(30));
            if (measured) {
                platform.recordValue((running - t0) / 1_000);
                tti.recordValue((interactive - t0) / 1_000);
                raw.recordValue((r1 - r0) / 1_000);
                rawTti.recordValue((r2 - r0) / 1_000);
            }
        }
        report.b2(platform, raw, tti, rawTti, flags, settings.b2Stack());
    }

    /** {@code docker run -d} with the image, command, user, limits and security options of the platform's container. */
    private static List<String> rawRunArguments(JsonNode container, String name) {
        JsonNode host = container.path("HostConfig");
        JsonNode config = container.path("Config");
        List<String> args = new ArrayList<>(List.of("docker", "run", "-d", "--name", name));
        if (host.path("Memory").asLong() > 0) {
            args.add("--memory=" + host.path("Memory").asLong() + "b");
        }
        if (host.path("MemorySwap").asLong() != 0) {
            args.add("--memory-swap=" + host.path("MemorySwap").asLong() + (host.path("MemorySwap").asLong() > 0 ? "b" : ""));
        }
        if (host.path("NanoCpus").asLong() > 0) {
            args.add("--cpus=" + host.path("NanoCpus").asLong() / 1e9);
        }
        if (host.path("PidsLimit").asLong() > 0) {
            args.add("--pids-limit=" + host.path("PidsLimit").asLong());
        }
        host.path("CapDrop").forEach(c -> args.add("--cap-drop=" + c.asText()));
        host.path("CapAdd").forEach(c -> args.add("--cap-add=" + c.asText()));
        host.path("SecurityOpt").forEach(s -> args.add("--security-opt=" + s.asText()));
        if (!host.path("NetworkMode").asText().isEmpty()) {
            args.add("--network=" + host.path("NetworkMode").asText());
        }
        if (!config.path("User").asText().isEmpty()) {
            args.add("--user=" + config.path("User").asText());
        }
        if (host.path("ReadonlyRootfs").asBoolean()) {
            args.add("--read-only");
        }
        args.add("-v");
        args.add(name + ":/workspace");
        if (!config.path("Entrypoint").isNull() && config.path("Entrypoint").size() > 0) {
            args.add("--entrypoint=" + config.path("Entrypoint").get(0).asText());
        }
        args.add(config.path("Image").asText());
        config.path("Cmd").forEach(c -> args.add(c.asText()));
        return args;
    }

    void commands() throws Exception {
        WorkspaceEvents stream = events();
        int count = settings.b3Workspaces();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(create("bench-b3-" + run + "-" + i));
        }
        Map<Integer, Long> sent = new ConcurrentHashMap<>();
        Map<Integer, Integer> status = new ConcurrentHashMap<>();
        FixedRateLoad.Spec spec = new FixedRateLoad.Spec("b3", PlatformBench.method("PATCH"),
                i -> settings.gateway() + "/api/v1/workspaces/" + ids.get(i % count),
                i -> ("{\"name\":\"b3-" + run + "-" + i + "\"}").getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + settings.token()),
                settings.b3Rate(), 0, settings.b3Seconds(), (index, code, sentNanos, endNanos) -> {
                    sent.put(index, sentNanos);
                    status.put(index, code);
                });
        long t0 = System.nanoTime();
        FixedRateLoad.Result result = load.run(spec, 60);
        long t1 = System.nanoTime();
        Histogram lag = new Histogram(3);
        int missing = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (Map.Entry<Integer, Long> entry : sent.entrySet()) {
            if (status.get(entry.getKey()) / 100 != 2) {
                continue;
            }
            Long seen = stream.awaitName("b3-" + run + "-" + entry.getKey(),
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (seen == null) {
                missing++;
            } else {
                lag.recordValue(Math.max(0, (seen - entry.getValue()) / 1_000));
            }
        }
        for (String id : ids) {
            delete(id);
        }
        report.b3(result, lag, missing, (t1 - t0) / 1e9, count);
    }

    void list() throws InterruptedException {
        FixedRateLoad.Spec spec = new FixedRateLoad.Spec("b6", PlatformBench.method("GET"),
                i -> settings.gateway() + "/api/v1/workspaces?limit=50", null,
                Map.of("Authorization", "Bearer " + settings.token()), settings.b6Rate(),
                settings.smoke() ? 0.5 : 5, settings.b6Seconds(), null);
        report.b6(load.run(spec, 30));
    }

    private String create(String name) throws IOException, InterruptedException {
        HttpResponse<String> created = send("POST", "/api/v1/workspaces",
                "{\"name\":\"" + name + "\",\"stackId\":\"" + settings.b2Stack() + "\",\"limits\":{\"memoryMiB\":256}}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("create answered " + created.statusCode() + ": " + created.body());
        }
        return JSON.readTree(created.body()).path("workspaceId").asText();
    }

    private void delete(String id) throws IOException, InterruptedException {
        send("DELETE", "/api/v1/workspaces/" + id, null);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.gateway() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + settings.token());
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        if (events != null) {
            events.close();
        }
    }
}
