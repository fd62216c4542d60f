package io.aicockpit.aiworker.metering;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.aiworker.AiWorkerProperties;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.scheduler.Schedulers;

/**
 * Turns finished requests into usage records and metrics. Records go to the internal usage topic (query-side's
 * usage report, the gateway's token budgets) and to the tenant's public usage topic, keyed by tenant. Sending runs
 * off the event loop: the producer may block on metadata for a topic it has not seen yet.
 */
@Component
public class UsageMeter {
    private static final Logger log = LoggerFactory.getLogger(UsageMeter.class);
    static final String LATENCY = "aicockpit.ai.service.latency";
    static final String TIME_TO_FIRST_TOKEN = "aicockpit.ai.time.to.first.token";

    private final KafkaTemplate<String, String> kafka;
    private final MeterRegistry registry;
    private final String usageTopic;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    UsageMeter(KafkaTemplate<String, String> kafka, MeterRegistry registry, AiWorkerProperties properties) {
        this.kafka = kafka;
        this.registry = registry;
        this.usageTopic = properties.usageTopic();
        registry.gauge("aicockpit.ai.requests.in.flight", inFlight);
    }

    /** Starts metering a request of a tenant member; call {@link MeteredRequest#finish} exactly when it ends. */
    public MeteredRequest start(TenantId tenantId, String userSubject, String requestId, String endpoint) {
        inFlight.incrementAndGet();
        return new MeteredRequest(this, tenantId.value(), userSubject, requestId, endpoint);
    }

    /** Requests started and not yet finished; back to zero once every stream ended or was cancelled. */
    public int inFlight() {
        return inFlight.get();
    }

    void record(MeteredRequest request, UsageOutcome outcome, int status, long endNanos) {
        inFlight.decrementAndGet();
        boolean reported = request.usageReported();
        boolean reachedUpstream = request.aiServiceId != null;
        long promptTokens = reported ? request.promptTokens
                : reachedUpstream ? MeteredRequest.estimateTokens(request.promptChars) : 0;
        long completionTokens = reported ? request.completionTokens
                : MeteredRequest.estimateTokens(request.completionChars);
        Duration latency = Duration.ofNanos(endNanos - request.startNanos);
        Duration ttft = request.firstTokenNanos < 0 ? null
                : Duration.ofNanos(request.firstTokenNanos - request.startNanos);
        String service = request.aiServiceId == null ? "none" : request.aiServiceId.toString();
        String model = request.model == null ? "none" : request.model;
        timer(LATENCY, service, model, outcome).record(latency);
        if (ttft != null) {
            timer(TIME_TO_FIRST_TOKEN, service, model, outcome).record(ttft);
        }
        AiUsageRecorded record = new AiUsageRecorded(UUID.randomUUID(), request.tenantId, request.userSubject,
                request.aiServiceId, request.model, request.endpoint, promptTokens, completionTokens,
                !reported && reachedUpstream, latency.toMillis(), ttft == null ? null : ttft.toMillis(),
                outcome.name(), status, request.requestId, Instant.now());
        Schedulers.boundedElastic().schedule(() -> publish(record));
    }

    /** The timer of these tags, built once: building and registering one per request showed in the profile. */
    private Timer timer(String name, String service, String model, UsageOutcome outcome) {
        return timers.computeIfAbsent(new TimerKey(name, service, model, outcome), key -> Timer.builder(name)
                .description(LATENCY.equals(name) ? "AI request latency, from arrival to the end of the answer"
                        : "AI request time until the first content reached the client")
                .tags("service", service, "model", model, "outcome", outcome.name())
                .publishPercentileHistogram().register(registry));
    }

    private record TimerKey(String name, String service, String model, UsageOutcome outcome) {}

    private void publish(AiUsageRecorded record) {
        String payload;
        try {
            payload = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a usage record", e);
        }
        send(usageTopic, record, payload);
        send(Topics.usage(new TenantId(record.tenantId())), record, payload);
    }

    private void send(String topic, AiUsageRecorded record, String payload) {
        try {
            kafka.send(topic, record.tenantId(), payload).whenComplete((result, failure) -> {
                if (failure != null) {
                    log.atWarn().addKeyValue("tenantId", record.tenantId()).addKeyValue("topic", topic)
                            .addKeyValue("requestId", record.requestId()).setCause(failure)
                            .log("could not publish a usage record");
                }
            });
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("tenantId", record.tenantId()).addKeyValue("topic", topic)
                    .addKeyValue("requestId", record.requestId()).setCause(e).log("could not publish a usage record");
        }
    }
}
