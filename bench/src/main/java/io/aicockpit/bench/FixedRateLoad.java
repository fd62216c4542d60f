package io.aicockpit.bench;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends requests at a fixed arrival rate (an open model: a request starts on schedule whatever the earlier ones
 * are doing, so a slow server is not hidden by coordinated omission) and records, per answer, the time to the
 * response headers, to the first body chunk (the first SSE event of a stream) and to the end, by status. Requests
 * of the warm-up are sent but not recorded. Bounded: after the last request the run waits at most
 * {@code drainSeconds} and then cancels what is still open.
 */
final class FixedRateLoad {
    /** Called when a measured request ended with a status (-1 when it failed without one). */
    interface Listener {
        void ended(int index, int status, long sentNanos, long endNanos);
    }

    record Spec(String name, HttpMethod method, IntFunction<String> url, IntFunction<byte[]> body,
                Map<String, String> headers, int rate, double warmupSeconds, double seconds, Listener listener) {
        Spec withRate(int newRate, double newWarmup, double newSeconds) {
            return new Spec(name, method, url, body, headers, newRate, newWarmup, newSeconds, listener);
        }
    }

    /** What a run measured; latencies in microseconds. */
    static final class Result {
        final String name;
        final int rate;
        final double seconds;
        final Histogram firstByte = new Histogram(3);
        final Histogram complete = new Histogram(3);
        final Histogram refusal = new Histogram(3);
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> errorKinds = new TreeMap<>();
        long sent;
        long errors;
        long refusedWithRetryAfter;
        long refused;
        /** Per second of the measured window: requests sent, answered 2xx, refused (4xx/5xx), failed. */
        long[] sentPerSecond;
        long[] okPerSecond;
        long[] refusedPerSecond;
        long[] failedPerSecond;

        Result(String name, int rate, double seconds) {
            this.name = name;
            this.rate = rate;
            this.seconds = seconds;
        }

        long ok() {
            return statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2).mapToLong(Map.Entry::getValue)
                    .sum();
        }

        long status(int code) {
            return statuses.getOrDefault(code, 0L);
        }

        static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final HttpClient client;

    FixedRateLoad(int maxConnections) {
        this.client = HttpClient.create(ConnectionProvider.builder("bench").maxConnections(maxConnections)
                        .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(60)).build())
                .responseTimeout(Duration.ofSeconds(30));
    }

    Result run(Spec spec, double drainSeconds) throws InterruptedException {
        Result result = new Result(spec.name(), spec.rate(), spec.seconds());
        Recorder firstByte = new Recorder(3);
        Recorder complete = new Recorder(3);
        Recorder refusal = new Recorder(3);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong refusedWithRetryAfter = new AtomicLong();
        int measuredSeconds = (int) Math.ceil(spec.seconds());
        AtomicLongArray sentPerSecond = new AtomicLongArray(measuredSeconds + 1);
        AtomicLongArray okPerSecond = new AtomicLongArray(measuredSeconds + 1);
        AtomicLongArray refusedPerSecond = new AtomicLongArray(measuredSeconds + 1);
        AtomicLongArray failedPerSecond = new AtomicLongArray(measuredSeconds + 1);

        HttpClient target = client.headers(h -> spec.headers().forEach(h::set));
        long total = Math.round(spec.rate() * (spec.warmupSeconds() + spec.seconds()));
        long measuredFrom = Math.round(spec.rate() * spec.warmupSeconds());
        CountDownLatch done = new CountDownLatch((int) total);
        Disposable.Composite inFlight = Disposables.composite();
        double periodNanos = 1e9 / spec.rate();
        long start = System.nanoTime();
        long measuredStart = start + (long) (measuredFrom * periodNanos);
        for (long n = 0; n < total; n++) {
            long due = start + (long) (n * periodNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = (int) n;
            boolean measured = n >= measuredFrom;
            int second = measured ? (int) Math.min(measuredSeconds, (due - measuredStart) / 1_000_000_000L) : 0;
            if (measured) {
                sentPerSecond.incrementAndGet(second);
            }
            byte[] body = spec.body() == null ? null : spec.body().apply(index);
            HttpClient.RequestSender sender = target.request(spec.method()).uri(spec.url().apply(index));
            HttpClient.ResponseReceiver<?> receiver = body == null ? sender
                    : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
            int[] status = {-1};
            Disposable request = receiver.response((response, content) -> {
                        long headersAt = System.nanoTime();
                        status[0] = response.status().code();
                        if (status[0] / 100 != 2) {
                            if (measured) {
                                refusal.recordValue(Math.max(0, (headersAt - due) / 1_000));
                                refused.incrementAndGet();
                                if (response.responseHeaders().contains("Retry-After")) {
                                    refusedWithRetryAfter.incrementAndGet();
                                }
                            }
                            return content.then();
                        }
                        return content.index().doOnNext(indexed -> {
                            if (indexed.getT1() == 0 && measured) {
                                firstByte.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                            }
                        }).then();
                    })
                    .then()
                    .doFinally(signal -> done.countDown())
                    .subscribe(v -> { }, e -> {
                        if (measured) {
                            errors.incrementAndGet();
                            failedPerSecond.incrementAndGet(second);
                            errorKinds.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(),
                                    k -> new AtomicLong()).incrementAndGet();
                            if (spec.listener() != null) {
                                spec.listener().ended(index, -1, due, System.nanoTime());
                            }
                        }
                    }, () -> {
                        if (!measured) {
                            return;
                        }
                        long end = System.nanoTime();
                        statuses.computeIfAbsent(status[0], k -> new AtomicLong()).incrementAndGet();
                        if (status[0] / 100 == 2) {
                            complete.recordValue(Math.max(0, (end - due) / 1_000));
                            okPerSecond.incrementAndGet(second);
                        } else {
                            refusedPerSecond.incrementAndGet(second);
                        }
                        if (spec.listener() != null) {
                            spec.listener().ended(index, status[0], due, end);
                        }
                    });
            inFlight.add(request);
        }
        if (!done.await((long) (drainSeconds * 1000), TimeUnit.MILLISECONDS)) {
            long open = done.getCount();
            inFlight.dispose();
            errors.addAndGet(open);
            errorKinds.put("still open after the drain time, cancelled", new AtomicLong(open));
        }
        result.sent = total - measuredFrom;
        result.firstByte.add(firstByte.getIntervalHistogram());
        result.complete.add(complete.getIntervalHistogram());
        result.refusal.add(refusal.getIntervalHistogram());
        statuses.forEach((code, count) -> result.statuses.put(code, count.get()));
        errorKinds.forEach((kind, count) -> result.errorKinds.put(kind, count.get()));
        result.errors = errors.get();
        result.refused = refused.get();
        result.refusedWithRetryAfter = refusedWithRetryAfter.get();
        result.sentPerSecond = toArray(sentPerSecond);
        result.okPerSecond = toArray(okPerSecond);
        result.refusedPerSecond = toArray(refusedPerSecond);
        result.failedPerSecond = toArray(failedPerSecond);
        return result;
    }

    private static long[] toArray(AtomicLongArray array) {
        long[] copy = new long[array.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = array.get(i);
        }
        return copy;
    }
}
