package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.support.identity.TestIdentityTokens;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * B3 and B6 on the system tests' platform (a benchmark, not a test: its name matches neither surefire's nor
 * failsafe's includes, so it runs only when named, {@code -Dit.test=WorkspaceCommandsBench}). For a machine whose
 * local stack (ports 8080–8084) is taken by other work: the services run as processes on free ports with a database
 * of their own, the same code path as {@code bench/run.sh --parts b3,b6}.
 *
 * <p>B3: workspaces, then {@code PATCH /api/v1/workspaces/{id}} (rename) at a fixed rate, open model (requests start
 * on schedule), each name awaited on the read model's event stream ({@code GET /api/v1/workspaces/events}): answer
 * and command-to-projection lag percentiles. B6: {@code GET /api/v1/workspaces?limit=50} at a fixed rate.
 *
 * <p>System properties: {@code aicockpit.bench.via} {@code direct} (command-side and query-side with the internal
 * identity token the gateway would sign; default) or {@code gateway} (the whole path, an IdP token);
 * {@code aicockpit.bench.b3.rate} (100), {@code .b3.seconds} (10), {@code .b3.workspaces} (50),
 * {@code .b6.rate} (300), {@code .b6.seconds} (20), {@code .parts} (b3,b6). Prints a markdown report and writes it
 * to {@code target/bench/b3-b6-report.md}.
 */
class WorkspaceCommandsBench {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void workspaceCommandsAndListAtFixedRates() throws Exception {
        boolean viaGateway = "gateway".equals(System.getProperty("aicockpit.bench.via", "direct"));
        int b3Rate = Integer.getInteger("aicockpit.bench.b3.rate", 100);
        int b3Seconds = Integer.getInteger("aicockpit.bench.b3.seconds", 10);
        int workspaces = Integer.getInteger("aicockpit.bench.b3.workspaces", 50);
        int b6Rate = Integer.getInteger("aicockpit.bench.b6.rate", 300);
        int b6Seconds = Integer.getInteger("aicockpit.bench.b6.seconds", 20);
        String parts = System.getProperty("aicockpit.bench.parts", "b3,b6");
        Platform platform = Platform.get();
        String tenant;
        String commands;
        String queries;
        Supplier<Map<String, String>> auth;
        if (viaGateway) {
            ServiceProcess gateway = platform.gateway();
            tenant = platform.onboardThroughGateway("bench", Map.of("tenantRequestsPerMinute", 100_000_000,
                    "userRequestsPerMinute", 100_000_000));
            commands = gateway.url("");
            queries = gateway.url("");
            auth = refreshed(() -> Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice")));
        } else {
            tenant = platform.onboardTenant("bench", 3);
            commands = platform.commandSide.url("");
            queries = platform.querySide.url("");
            auth = refreshed(() -> Map.of(io.aicockpit.coreapi.identity.InternalIdentity.HEADER,
                    TestIdentityTokens.token(tenant, "alice", "DEVELOPER")));
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        StringBuilder report = new StringBuilder("## B3 / B6 on the system-test platform (via ")
                .append(viaGateway ? "gateway" : "command-side and query-side directly").append(")\n\n")
                .append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n')
                .append("- load average at start: ").append(loadAverage()).append("\n\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            HttpResponse<String> created = send("POST", commands + "/api/v1/workspaces", auth.get(),
                    "{\"name\":\"bench-" + run + "-" + i + "\",\"stackId\":\"busybox\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            ids.add(Platform.JSON.readTree(created.body()).path("workspaceId").asText());
        }
        if (parts.contains("b3")) {
            Names names = Names.open(queries + "/api/v1/workspaces/events", auth.get());
            try {
                // warm-up: a second of renames at the same rate, not measured
                load(b3Rate, 1, i -> rename(commands, ids.get(i % workspaces), "w-" + run + "-" + i, auth), null);
                Map<Integer, Long> started = new ConcurrentHashMap<>();
                Cpu cpu = Cpu.of(platform);
                long[] answers = load(b3Rate, b3Seconds, i -> rename(commands, ids.get(i % workspaces),
                        "b3-" + run + "-" + i, auth), started);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                String cpuUse = cpu.report(started.size());
                List<Long> lags = new ArrayList<>();
                int missing = 0;
                for (Map.Entry<Integer, Long> entry : started.entrySet()) {
                    Long seen = names.await("b3-" + run + "-" + entry.getKey(), deadline);
                    if (seen == null) {
                        missing++;
                    } else {
                        lags.add(Math.max(0, seen - entry.getValue()));
                    }
                }
                long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
                report.append(String.format(Locale.ROOT, "### B3: rename at %d/s for %d s over %d workspaces%n%n"
                                + "| | p50 ms | p99 ms | max ms |%n|---|---:|---:|---:|%n%s%s%n"
                                + "accepted %d of %d (%d answered otherwise or failed); renames never seen on the"
                                + " stream within 15 s: %d%n%n",
                        b3Rate, b3Seconds, workspaces, row("command answer", answers), row("command → stream lag",
                                lag), started.size(), b3Rate * b3Seconds, b3Rate * b3Seconds - started.size(),
                        missing)).append(cpuUse).append('\n');
            } finally {
                names.close();
            }
        }
        if (parts.contains("b6")) {
            load(b6Rate, 5, i -> list(queries, auth), null);
            Cpu cpu = Cpu.of(platform);
            long[] answers = load(b6Rate, b6Seconds, i -> list(queries, auth), new ConcurrentHashMap<>());
            String cpuUse = cpu.report(answers.length);
            report.append(String.format(Locale.ROOT, "### B6: list (limit 50) at %d/s for %d s%n%n"
                            + "| | p50 ms | p95 ms | p99 ms | max ms |%n|---|---:|---:|---:|---:|%n"
                            + "| answer | %.1f | %.1f | %.1f | %.1f |%n%n%d answered 2xx of %d%n%n", b6Rate,
                    b6Seconds, pct(answers, 50), pct(answers, 95), pct(answers, 99), pct(answers, 100),
                    answers.length, b6Rate * b6Seconds)).append(cpuUse).append('\n');
        }
        report.append("- load average at end: ").append(loadAverage()).append('\n');
        System.out.println(report);
        Path out = Path.of("target", "bench", "b3-b6-report.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** A request of the load: its start (for the lag) is taken by {@link #load}. */
    private interface Request {
        HttpRequest build();
    }

    private static Request rename(String base, String id, String name, Supplier<Map<String, String>> auth) {
        return () -> request("PATCH", base + "/api/v1/workspaces/" + id, auth.get(), "{\"name\":\"" + name + "\"}");
    }

    private static Request list(String base, Supplier<Map<String, String>> auth) {
        return () -> request("GET", base + "/api/v1/workspaces?limit=50", auth.get(), null);
    }

    /**
     * Starts {@code rate × seconds} requests on schedule (open model) and waits for all; answers' durations of the
     * 2xx ones, sorted. {@code started} receives each 2xx request's start (System.nanoTime) by index.
     */
    private static long[] load(int rate, int seconds, IntFunction<Request> requests, Map<Integer, Long> started)
            throws InterruptedException {
        int total = rate * seconds;
        long[] durations = new long[total];
        Arrays.fill(durations, -1);
        CountDownLatch done = new CountDownLatch(total);
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int i = 0; i < total; i++) {
            long at = t0 + i * interval;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            long start = System.nanoTime();
            HTTP.sendAsync(requests.apply(i).build(), HttpResponse.BodyHandlers.discarding())
                    .orTimeout(60, TimeUnit.SECONDS)
                    .whenComplete((response, error) -> {
                        if (error == null && response.statusCode() / 100 == 2) {
                            durations[index] = System.nanoTime() - start;
                            if (started != null) {
                                started.put(index, start);
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                        done.countDown();
                    });
        }
        done.await(90, TimeUnit.SECONDS);
        return Arrays.stream(durations).filter(d -> d >= 0).sorted().toArray();
    }

    private static HttpRequest request(String method, String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return request.build();
    }

    private static HttpResponse<String> send(String method, String url, Map<String, String> headers, String body)
            throws Exception {
        return HTTP.send(request(method, url, headers, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The headers from {@code source}, made again every 20 s (tokens live 60 s or more). */
    private static Supplier<Map<String, String>> refreshed(Supplier<Map<String, String>> source) {
        Object[] cached = {null, 0L};
        return () -> {
            synchronized (cached) {
                if (cached[0] == null || System.nanoTime() - (long) cached[1] > TimeUnit.SECONDS.toNanos(20)) {
                    cached[0] = source.get();
                    cached[1] = System.nanoTime();
                }
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) cached[0];
                return headers;
            }
        };
    }

    private static String row(String name, long[] sorted) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, pct(sorted, 50), pct(sorted, 99),
                pct(sorted, 100));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static String loadAverage() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /**
     * CPU time (utime + stime from /proc, clock ticks of 10 ms) of command-side's and query-side's threads, grouped
     * by thread name without digits, and of the PostgreSQL backends of this run's database, between two points.
     */
    private static final class Cpu {
        private final Platform platform;
        private final Map<String, Long> before;

        private Cpu(Platform platform) throws Exception {
            this.platform = platform;
            this.before = sample(platform);
        }

        static Cpu of(Platform platform) throws Exception {
            return new Cpu(platform);
        }

        String report(int requests) throws Exception {
            Map<String, Long> after = sample(platform);
            StringBuilder r = new StringBuilder(String.format(Locale.ROOT,
                    "CPU ms per 2xx request (%d requests), by process and thread group (≥ 0.05 ms):%n%n", requests));
            for (String process : List.of("command-side", "query-side", "postgres")) {
                long total = 0;
                List<String> groups = new ArrayList<>();
                for (Map.Entry<String, Long> e : after.entrySet()) {
                    if (!e.getKey().startsWith(process + "/")) {
                        continue;
                    }
                    long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    total += used;
                    if (used * 10.0 / requests >= 0.05) {
                        groups.add(String.format(Locale.ROOT, "%s %.2f", e.getKey().substring(process.length() + 1),
                                used * 10.0 / requests));
                    }
                }
                r.append(String.format(Locale.ROOT, "- **%s %.2f ms**: %s%n", process, total * 10.0 / requests,
                        String.join("; ", groups)));
            }
            return r.toString();
        }

        private static Map<String, Long> sample(Platform platform) throws Exception {
            Map<String, Long> ticks = new java.util.TreeMap<>();
            threads(ticks, "command-side", platform.commandSide.pid());
            threads(ticks, "query-side", platform.querySide.pid());
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://" + Platform.PG
                    + "/postgres", "postgres", "");
                 var s = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE datname = ?")) {
                s.setString(1, Platform.DATABASE);
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        long[] t = stat(Path.of("/proc", Integer.toString(rs.getInt(1)), "stat"));
                        if (t != null) {
                            ticks.put("postgres/backend " + rs.getInt(1), t[0]);
                        }
                    }
                }
            }
            return ticks;
        }

        private static void threads(Map<String, Long> ticks, String process, long pid) throws Exception {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    long[] t = stat(task.resolve("stat"));
                    if (t != null) {
                        String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "#");
                        ticks.merge(process + "/" + name, t[0], Long::sum);
                    }
                }
            }
        }

        /** utime + stime in clock ticks, or null when the task is gone. */
        private static long[] stat(Path stat) {
            try {
                String s = Files.readString(stat);
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return new long[] {Long.parseLong(f[11]) + Long.parseLong(f[12])};
            } catch (Exception e) {
                return null;
            }
        }
    }

    /** The workspace names arriving on the event stream, each with when it first arrived (System.nanoTime). */
    private static final class Names implements AutoCloseable {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final InputStream body;

        private Names(InputStream body) {
            this.body = body;
            Thread.ofPlatform().daemon().name("bench-event-stream").start(this::read);
        }

        static Names open(String url, Map<String, String> headers) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept",
                    "text/event-stream").GET();
            headers.forEach(request::header);
            HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Names(response.body());
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        long now = System.nanoTime();
                        JsonNode data = Platform.JSON.readTree(line.substring(5));
                        seen.putIfAbsent(data.path("name").asText(), now);
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            } catch (Exception e) {
                // closed
            }
        }

        synchronized Long await(String name, long deadlineNanos) throws InterruptedException {
            while (true) {
                Long at = seen.get(name);
                long left = deadlineNanos - System.nanoTime();
                if (at != null || left <= 0) {
                    return at;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }
}
