package io.aicockpit.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Token buckets ("N per minute, refilled greedily") kept in Redis. Each bucket lives under its own key with an
 * expiry equal to the time it takes to refill, so idle keys vanish. The limit is part of the key: when a tenant's
 * limit changes, the new bucket starts full and the old one expires on its own.
 *
 * <p>Redis being unreachable must not take the API down with it, so every operation answers empty instead of
 * failing (callers then let the request through), logs a WARN at most every few seconds and counts
 * {@code aicockpit.gateway.ratelimit.redis.failures}. The connection is opened asynchronously and retried, so the
 * gateway also starts while Redis is down.
 */
final class RedisBuckets implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(RedisBuckets.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimitProperties properties;
    private final RedisURI uri;
    private final RedisClient client;
    private final Counter failures;
    private final AtomicReference<Connected> connected = new AtomicReference<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final AtomicLong nextConnectAttempt = new AtomicLong();
    private final AtomicLong nextWarning = new AtomicLong();

    /**
     * A Redis connection and the bucket proxies made on it. Proxies are kept per key (and dropped after a while
     * unused): the batching optimization folds concurrent requests into one round trip only within one proxy.
     */
    private record Connected(StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> buckets,
                             Cache<String, AsyncBucketProxy> proxies) {}

    RedisBuckets(RateLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.failures = Counter.builder("aicockpit.gateway.ratelimit.redis.failures")
                .description("Rate-limit checks answered without Redis (the request was let through)")
                .register(meters);
        this.uri = RedisURI.create(properties.redisUri());
        uri.setTimeout(properties.redisTimeout());
        this.client = RedisClient.create(uri);
        // Commands issued while disconnected fail at once instead of queueing behind a reconnect.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(properties.redisTimeout()))
                .build());
        connectIfDue();
    }

    /** Takes {@code tokens} if the bucket holds them; empty when Redis could not answer. */
    Mono<ConsumptionProbe> tryConsume(String key, long perMinute, long tokens) {
        return call(key, perMinute, bucket -> bucket.tryConsumeAndReturnRemaining(tokens));
    }

    /** Tells whether {@code tokens} could be taken now, without taking them; empty when Redis could not answer. */
    Mono<EstimationProbe> estimate(String key, long perMinute, long tokens) {
        return call(key, perMinute, bucket -> bucket.estimateAbilityToConsume(tokens));
    }

    /** Takes {@code tokens} even if that overdraws the bucket (usage already happened); false when Redis failed. */
    Mono<Boolean> consumeIgnoringLimit(String key, long perMinute, long tokens) {
        return call(key, perMinute, bucket -> bucket.consumeIgnoringRateLimits(tokens).thenApply(penalty -> true))
                .defaultIfEmpty(false);
    }

    /** Gives back tokens taken by a reservation that turned out not to be usable. */
    Mono<Void> refund(String key, long perMinute, long tokens) {
        return call(key, perMinute, bucket -> bucket.addTokens(tokens).thenApply(done -> true)).then();
    }

    /** Whether buckets can be reached now; until then (and whenever Redis is lost) requests pass unchecked. */
    boolean connected() {
        Connected current = connected.get();
        return current != null && current.connection().isOpen();
    }

    String key(String... parts) {
        return properties.keyPrefix() + String.join(":", parts);
    }

    private <T> Mono<T> call(String key, long perMinute, Function<AsyncBucketProxy, CompletableFuture<T>> operation) {
        Connected current = connected.get();
        if (current == null || !current.connection().isOpen()) {
            connectIfDue();
            return unavailable(null);
        }
        String bucketKey = key + ":" + perMinute;
        AsyncBucketProxy bucket = current.proxies().get(bucketKey, k -> {
            BucketConfiguration configuration = BucketConfiguration.builder()
                    .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, WINDOW).build())
                    .build();
            // Concurrent requests of one caller hit one key; batching folds them into one compare-and-swap round
            // trip instead of letting them retry against each other until Redis times out.
            return current.buckets().builder()
                    .withOptimization(Optimizations.batching())
                    .build(k, () -> CompletableFuture.completedFuture(configuration));
        });
        // Redis answers on lettuce's single event-loop thread; the rest of the request must not run there, or every
        // request of the gateway would queue behind that one thread.
        return Mono.defer(() -> Mono.fromFuture(operation.apply(bucket)))
                .timeout(properties.redisTimeout())
                .onErrorResume(this::unavailable)
                .publishOn(Schedulers.parallel());
    }

    private <T> Mono<T> unavailable(Throwable error) {
        failures.increment();
        long now = System.nanoTime();
        long due = nextWarning.get();
        if (now - due >= 0 && nextWarning.compareAndSet(due, now + Duration.ofSeconds(10).toNanos())) {
            log.atWarn().addKeyValue("redis", uri.getHost() + ":" + uri.getPort())
                    .addKeyValue("error", error == null ? "not connected" : error.toString())
                    .log("rate limits unavailable, letting requests through (fail open)");
        }
        return Mono.empty();
    }

    private void connectIfDue() {
        long now = System.nanoTime();
        if (now - nextConnectAttempt.get() < 0 || !connecting.compareAndSet(false, true)) {
            return;
        }
        nextConnectAttempt.set(now + properties.reconnectInterval().toNanos());
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        client.connectAsync(codec, uri).whenComplete((connection, error) -> {
            try {
                if (error != null) {
                    unavailable(error);
                    return;
                }
                AsyncProxyManager<String> buckets = Bucket4jLettuce.casBasedBuilder(connection)
                        .expirationAfterWrite(ExpirationAfterWriteStrategy
                                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                        .requestTimeout(properties.redisTimeout())
                        .build()
                        .asAsync();
                Cache<String, AsyncBucketProxy> proxies = Caffeine.newBuilder()
                        .maximumSize(100_000)
                        .expireAfterAccess(Duration.ofMinutes(2))
                        .build();
                Connected previous = connected.getAndSet(new Connected(connection, buckets, proxies));
                if (previous != null) {
                    previous.connection().closeAsync();
                }
                log.atInfo().log("rate-limit buckets connected to Redis");
            } finally {
                connecting.set(false);
            }
        });
    }

    @Override
    public void destroy() {
        Connected current = connected.getAndSet(null);
        if (current != null) {
            current.connection().close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
