package io.aicockpit.bench;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * BRIEF target B1: time to first token of a streamed chat completion, straight to a stub upstream and through the
 * gateway + ai-worker, at a fixed arrival rate (open model: requests start on schedule whatever the answers do, so
 * a slow system is not hidden by coordinated omission). Prints p50/p90/p99/max of both, the added latency and
 * the error counts.
 *
 * <p>Arguments: {@code directUrl gatewayUrl token ratePerSecond seconds [warmupSeconds]}, e.g.
 * {@code http://127.0.0.1:18090/v1/chat/completions http://127.0.0.1:8080/v1/chat/completions $TOKEN 1000 20 5}.
 */
public final class TimeToFirstTokenBench {
    private static final String BODY = """
            {"model":"gpt-stub;chunks=5","stream":true,"messages":[{"role":"user","content":"benchmark"}]}""";

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: directUrl gatewayUrl token ratePerSecond seconds [warmupSeconds]");
            System.exit(2);
        }
        String direct = args[0];
        String gateway = args[1];
        String token = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;

        HttpClient client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(4000)
                        .pendingAcquireMaxCount(-1).build())
                .responseTimeout(Duration.ofSeconds(30));

        // BENCH_DIRECT_TOKEN: send the token on the direct path too (to load the gateway in both phases, e.g. while
        // profiling it)
        Result directResult = run("direct", client, direct, System.getenv("BENCH_DIRECT_TOKEN") != null ? token : null,
                rate, warmup, seconds);
        Result gatewayResult = run("gateway", client, gateway, token, rate, warmup, seconds);

        System.out.println();
        System.out.println("B1 time to first token, " + rate + " req/s for " + seconds + " s each (after "
                + warmup + " s warm-up), streamed chat completion");
        System.out.printf("%-10s %10s %10s %10s %10s %10s %8s%n", "path", "requests", "p50 ms", "p90 ms", "p99 ms",
                "max ms", "errors");
        directResult.print();
        gatewayResult.print();
        double addedP50 = gatewayResult.p(50) - directResult.p(50);
        double addedP99 = gatewayResult.p(99) - directResult.p(99);
        System.out.printf("added by gateway + ai-worker: p50 %+.2f ms (target <= 1), p99 %+.2f ms (target <= 5), "
                + "errors %d (target 0)%n", addedP50, addedP99, gatewayResult.errors + directResult.errors);
        System.exit(0);
    }

    private static Result run(String name, HttpClient client, String url, String token, int rate, int warmup,
                              int seconds) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        java.util.Map<String, AtomicLong> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong completed = new AtomicLong();
        HttpClient target = client.headers(h -> {
            h.set("Content-Type", "application/json");
            if (token != null) {
                h.set("Authorization", "Bearer " + token);
            }
        });
        long total = (long) rate * (warmup + seconds);
        long measuredFrom = (long) rate * warmup;
        CountDownLatch done = new CountDownLatch((int) total);
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            boolean measured = i >= measuredFrom;
            long sent = due;
            target.post().uri(url).send(Mono.just(Unpooled.copiedBuffer(BODY, StandardCharsets.UTF_8)))
                    .response((response, body) -> {
                        if (response.status().code() != 200) {
                            return body.then(Mono.error(new IllegalStateException("status " + response.status())));
                        }
                        return body.index().doOnNext(indexed -> {
                            if (indexed.getT1() == 0 && measured) {
                                recorder.recordValue((System.nanoTime() - sent) / 1_000);
                            }
                        }).then();
                    })
                    .subscribe(v -> { }, e -> {
                        if (measured) {
                            errors.incrementAndGet();
                            errorKinds.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                                    k -> new AtomicLong()).incrementAndGet();
                        }
                        done.countDown();
                    }, () -> {
                        completed.incrementAndGet();
                        done.countDown();
                    });
        }
        done.await(60, TimeUnit.SECONDS);
        Histogram h = recorder.getIntervalHistogram();
        System.out.printf("%s: %d measured requests, %d errors%n", name, h.getTotalCount(), errors.get());
        errorKinds.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get())).limit(5)
                .forEach(e -> System.out.printf("  %6d x %s%n", e.getValue().get(), e.getKey()));
        return new Result(name, h, errors.get());
    }

    private record Result(String name, Histogram histogram, long errors) {
        double p(double percentile) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }

        void print() {
            System.out.printf("%-10s %10d %10.2f %10.2f %10.2f %10.2f %8d%n", name, histogram.getTotalCount(), p(50),
                    p(90), p(99), histogram.getMaxValue() / 1000.0, errors);
        }
    }
}
