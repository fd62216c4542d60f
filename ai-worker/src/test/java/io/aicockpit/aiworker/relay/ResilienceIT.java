package io.aicockpit.aiworker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.aiworker.catalog.UpstreamService;
import io.aicockpit.aiworker.metering.UsageMeter;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Flux;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/** Timeouts, retries before the first byte only, circuit breaker, fallback and cancellation, against the stub. */
@AiWorkerTest
class ResilienceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final TenantAiServices services;
    private final OpenAiClient client;
    private final ResilientUpstream resilience;
    private final UsageMeter meter;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    ResilienceIT(JdbcTemplate jdbc, @LocalServerPort int port, ResilientUpstream resilience, UsageMeter meter) {
        this.services = new TenantAiServices(jdbc);
        this.client = new OpenAiClient(port);
        this.resilience = resilience;
        this.meter = meter;
    }

    @Test
    void retriesAServerErrorBeforeTheFirstByte() {
        services.activeOpenAi(stub.baseUrl());
        String model = "gpt-stub;failFirst=1;id=" + run;
        String body = streamed(model);
        assertThat(OpenAiClient.dataLines(body).getLast()).isEqualTo("[DONE]");
        assertThat(body).contains("tok2 ");
        assertThat(stub.requests(r -> r.body().contains("id=" + run))).hasSize(2);
    }

    @Test
    void fallsBackWhenTheActiveServiceStallsBeforeTheFirstByte() {
        String stalling = stub.baseUrl("firstByteDelayMs=10000;id=" + run);
        AiServiceId active = services.openAi(stalling, "gpt-stub");
        AiServiceId fallback = services.openAi(stub.baseUrl("id=fallback-" + run), "gpt-stub");
        services.route(active, fallback);

        String body = streamed("gpt-stub");
        assertThat(OpenAiClient.dataLines(body).getLast()).isEqualTo("[DONE]");
        assertThat(stub.requests(r -> r.path().contains("firstByteDelayMs=10000;id=" + run)))
                .as("first attempt and two retries, each timed out").hasSize(3);
        assertThat(stub.requests(r -> r.path().contains("id=fallback-" + run))).hasSize(1);
    }

    @Test
    void endsTheStreamWithAnErrorEventWhenTheUpstreamStallsMidStream() throws Exception {
        services.activeOpenAi(stub.baseUrl());
        String body = streamed("gpt-stub;chunks=5;stallAfter=2;id=" + run);
        List<String> data = OpenAiClient.dataLines(body);
        assertThat(data).hasSize(3);
        assertThat(data.get(1)).contains("tok1 ");
        JsonNode error = JSON.readTree(data.getLast()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("upstream_stalled");
        assertThat(error.get("type").asText()).isEqualTo("server_error");
        assertThat(body).doesNotContain("[DONE]");
        assertThat(stub.requests(r -> r.body().contains("id=" + run))).as("never retried").hasSize(1);
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndClosesItAfterAHalfOpenSuccess() throws Exception {
        String failing = "failFirst=4;id=" + run;
        AiServiceId id = services.activeOpenAi(stub.baseUrl(failing));

        assertThat(client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", false, false)).status()).isEqualTo(502);
        OpenAiClient.Answer opened = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", false, false));
        assertThat(opened.status()).isEqualTo(503);
        assertThat(JSON.readTree(opened.body()).at("/error/code").asText()).isEqualTo("ai_service_unavailable");
        assertThat(circuit(id).getState()).isEqualTo(CircuitBreaker.State.OPEN);

        OpenAiClient.Answer failFast = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", false, false));
        assertThat(failFast.status()).isEqualTo(503);
        assertThat(stub.requests(r -> r.path().contains(failing))).as("an open circuit calls nobody").hasSize(4);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> client.post(
                "/v1/chat/completions", services.developerToken(), OpenAiClient.chat("gpt-stub", false, false))
                .status() == 200);
        assertThat(circuit(id).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(stub.requests(r -> r.path().contains(failing))).as("one half-open trial").hasSize(5);
    }

    @Test
    void sendsRequestsToTheFallbackWhileTheActiveServicesCircuitIsOpen() {
        String failing = "status=500;id=" + run;
        AiServiceId active = services.openAi(stub.baseUrl(failing), "gpt-stub");
        AiServiceId fallback = services.openAi(stub.baseUrl("id=fallback-" + run), "gpt-stub");
        services.route(active, fallback);

        for (int i = 0; i < 4; i++) {
            assertThat(client.post("/v1/chat/completions", services.developerToken(),
                    OpenAiClient.chat("gpt-stub", false, false)).status()).isEqualTo(200);
        }
        assertThat(circuit(active).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int failedCalls = stub.requests(r -> r.path().contains(failing)).size();
        assertThat(client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", false, false)).status()).isEqualTo(200);
        assertThat(stub.requests(r -> r.path().contains(failing))).hasSize(failedCalls);
        assertThat(stub.requests(r -> r.path().contains("id=fallback-" + run))).hasSize(5);
    }

    @Test
    void cancelledStreamsLeaveNoUpstreamConnectionsOrPendingState() {
        services.activeOpenAi(stub.baseUrl());
        int connectionsBefore = stub.openConnections();
        String request = OpenAiClient.chat("gpt-stub;chunks=1000;chunkDelayMs=20", true, false);

        Long firstChunks = Flux.range(0, 1000)
                .flatMap(i -> client.postRaw("/v1/chat/completions", services.developerToken(), request).take(1),
                        20)
                .count().block(Duration.ofMinutes(2));
        assertThat(firstChunks).isEqualTo(1000);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(stub.activeResponses()).as("streams the stub is still sending").isZero();
            assertThat(stub.openConnections()).isLessThanOrEqualTo(connectionsBefore);
            assertThat(meter.inFlight()).as("requests ai-worker still tracks").isZero();
            assertThat(resilience.bulkhead(services.tenant()).getMetrics().getAvailableConcurrentCalls())
                    .isEqualTo(100);
        });
    }

    @Test
    void ownSaturationNeverOpensTheCircuitOfAHealthyService() {
        UpstreamService service = service(AiServiceId.random());
        Throwable saturated = UpstreamClient.classify(service,
                new PoolAcquireTimeoutException(Duration.ofSeconds(5)), false);
        assertThat(saturated).isInstanceOfSatisfying(UpstreamFailure.class, failure -> {
            assertThat(failure.kind).isEqualTo(UpstreamFailure.Kind.SATURATED);
            assertThat(failure.retryable()).isFalse();
        });
        assertThat(UpstreamClient.classify(service, new PoolAcquirePendingLimitException(4000), false))
                .isInstanceOfSatisfying(UpstreamFailure.class,
                        failure -> assertThat(failure.kind).isEqualTo(UpstreamFailure.Kind.SATURATED));
        CircuitBreaker circuit = resilience.circuitBreaker(service);

        for (int i = 0; i < 20; i++) {
            Flux.error(saturated).transformDeferred(CircuitBreakerOperator.of(circuit)).onErrorComplete().blockLast();
        }

        UpstreamFailure late = UpstreamFailure.firstByteTimeoutWhileSaturated();
        assertThat(late.retryable()).as("the upstream may have answered in time: try again").isTrue();
        for (int i = 0; i < 20; i++) {
            Flux.error(late).transformDeferred(CircuitBreakerOperator.of(circuit)).onErrorComplete().blockLast();
        }

        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    @Test
    void connectionFailuresOfTheServiceOpenItsCircuit() {
        UpstreamService service = service(AiServiceId.random());
        Throwable refused = UpstreamClient.classify(service, new java.net.ConnectException("Connection refused"),
                false);
        CircuitBreaker circuit = resilience.circuitBreaker(service);

        for (int i = 0; i < 4; i++) {
            Flux.error(refused).transformDeferred(CircuitBreakerOperator.of(circuit)).onErrorComplete().blockLast();
        }

        assertThat(circuit.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private String streamed(String model) {
        return String.join("", client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat(model, true, false)).collectList().block(Duration.ofSeconds(30)));
    }

    private CircuitBreaker circuit(AiServiceId id) {
        return resilience.circuitBreaker(service(id));
    }

    private static UpstreamService service(AiServiceId id) {
        return new UpstreamService(id, null, null, null, null, null, null, null, null);
    }
}
