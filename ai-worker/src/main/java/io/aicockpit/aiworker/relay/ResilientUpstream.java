package io.aicockpit.aiworker.relay;

import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.aiworker.catalog.TenantServices;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.MeteredRequest;
import io.aicockpit.coreapi.common.TenantId;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * The resilience around upstream attempts, with resilience4j: per attempt a circuit breaker per AI service, around
 * it retries of failures before the first byte with exponential back-off, then the tenant's fallback service when the
 * active one still fails before its first byte (or its circuit is open), and around everything a bulkhead per tenant.
 * Failures after the first byte pass through untouched: the client already has part of an answer.
 */
@Component
class ResilientUpstream {
    private static final Logger log = LoggerFactory.getLogger(ResilientUpstream.class);

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final Retry retry;

    ResilientUpstream(AiWorkerProperties properties, MeterRegistry meters) {
        AiWorkerProperties.CircuitBreakerSettings cb = properties.circuitBreaker();
        this.circuitBreakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .waitDurationInOpenState(cb.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(cb.permittedCallsInHalfOpenState())
                // a long answer is not a sign of trouble, so slow calls never open the circuit
                .slowCallDurationThreshold(Duration.ofDays(1))
                .recordException(error -> error instanceof UpstreamFailure failure && failure.countsAgainstService())
                .build());
        // how often circuits changed state, by target state: an OPEN while the upstream is healthy is a bug
        for (CircuitBreaker.State state : List.of(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN,
                CircuitBreaker.State.CLOSED)) {
            transitions(meters, state);
        }
        circuitBreakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(event -> transitions(meters, event.getStateTransition().getToState()).increment()));
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead().maxConcurrentCallsPerTenant())
                .maxWaitDuration(Duration.ZERO)
                .build());
        AiWorkerProperties.RetrySettings retrySettings = properties.retry();
        this.retry = Retry.of("ai-upstream", RetryConfig.custom()
                .maxAttempts(retrySettings.maxRetries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(retrySettings.initialBackoff(),
                        retrySettings.multiplier()))
                .retryOnException(error -> error instanceof UpstreamFailure failure && failure.retryable())
                .build());
        retry.getEventPublisher().onRetry(event -> log.atWarn()
                .addKeyValue("attempt", event.getNumberOfRetryAttempts())
                .addKeyValue("reason", event.getLastThrowable() == null ? null : event.getLastThrowable().getMessage())
                .log("retrying an AI service call that failed before its first byte"));
    }

    /**
     * Runs {@code attempt} against the tenant's active service, with retries, circuit breaker, fallback and
     * bulkhead. The meter learns which service finally answered.
     */
    <T> Flux<T> call(TenantServices services, MeteredRequest meter, Function<UpstreamService, Flux<T>> attempt) {
        UpstreamService active = services.active();
        UpstreamService fallback = services.fallback();
        Flux<T> primary = guarded(active, meter, attempt);
        Flux<T> withFallback = fallback == null || fallback.id().equals(active.id()) ? primary
                : primary.onErrorResume(ResilientUpstream::fallbackApplies, error -> {
                    log.atWarn().addKeyValue("tenantId", services.tenantId())
                            .addKeyValue("aiServiceId", active.id()).addKeyValue("fallbackServiceId", fallback.id())
                            .addKeyValue("requestId", meter.requestId()).addKeyValue("reason", error.getMessage())
                            .log("active AI service failed before its first byte; using the fallback service");
                    return guarded(fallback, meter, attempt);
                });
        return withFallback.transformDeferred(BulkheadOperator.of(bulkhead(services.tenantId())));
    }

    private static Counter transitions(MeterRegistry meters, CircuitBreaker.State to) {
        return Counter.builder("aicockpit.ai.circuit.transitions")
                .description("AI service circuit breaker state changes, by the state entered")
                .tag("to", to.name()).register(meters);
    }

    CircuitBreaker circuitBreaker(UpstreamService service) {
        return circuitBreakers.circuitBreaker(service.id().toString());
    }

    Bulkhead bulkhead(TenantId tenantId) {
        return bulkheads.bulkhead(tenantId.value());
    }

    private <T> Flux<T> guarded(UpstreamService service, MeteredRequest meter,
                                Function<UpstreamService, Flux<T>> attempt) {
        return Flux.defer(() -> {
                    meter.servedBy(service.id());
                    return service.usable() ? attempt.apply(service)
                            : Flux.<T>error(new UpstreamFailure(UpstreamFailure.Kind.UNUSABLE, service.unusableReason()));
                })
                .transformDeferred(CircuitBreakerOperator.of(circuitBreaker(service)))
                .transformDeferred(RetryOperator.of(retry));
    }

    private static boolean fallbackApplies(Throwable error) {
        return error instanceof CallNotPermittedException
                || error instanceof UpstreamFailure failure && failure.beforeFirstByte()
                        && failure.kind != UpstreamFailure.Kind.CLIENT_ERROR
                        && failure.kind != UpstreamFailure.Kind.SATURATED;
    }
}
