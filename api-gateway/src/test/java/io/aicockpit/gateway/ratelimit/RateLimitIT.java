package io.aicockpit.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.gateway.identity.GatewayIdentity;
import io.aicockpit.gateway.identity.Role;
import io.aicockpit.gateway.tenant.RateLimitSettings;
import io.aicockpit.gateway.testkit.TestIdentityFilter;
import io.aicockpit.gateway.testkit.TestTenants;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Two gateway instances (two Spring contexts, two Redis connections and proxy managers) against the real Redis,
 * standing in for two replicas.
 */
class RateLimitIT {
    private static ConfigurableApplicationContext gatewayA;
    private static ConfigurableApplicationContext gatewayB;
    private static WebClient a;
    private static WebClient b;

    @BeforeAll
    static void startTwoGateways() {
        gatewayA = start();
        gatewayB = start();
        a = client(gatewayA);
        b = client(gatewayB);
        await().atMost(Duration.ofSeconds(10)).until(() -> gatewayA.getBean(RedisBuckets.class).connected()
                && gatewayB.getBean(RedisBuckets.class).connected());
    }

    @AfterAll
    static void stopGateways() {
        gatewayA.close();
        gatewayB.close();
    }

    @Test
    void refusesTheRequestAfterTheUsersLimitWithRetryAfterAndRateLimitHeaders() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(100, 3, 1000, 1000));

        for (int i = 0; i < 3; i++) {
            Answer allowed = call(a, tenant, "dev", "/api/v1/workspaces");
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.headers().getFirst("RateLimit-Limit")).isEqualTo("3");
            assertThat(allowed.headers().getFirst("RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
            assertThat(Long.parseLong(allowed.headers().getFirst("RateLimit-Reset"))).isBetween(1L, 60L);
        }
        Answer refused = call(a, tenant, "dev", "/api/v1/workspaces");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 20L);
        assertThat(refused.headers().getFirst("RateLimit-Limit")).isEqualTo("3");
        assertThat(refused.headers().getFirst("RateLimit-Remaining")).isEqualTo("0");
        assertThat(Long.parseLong(refused.headers().getFirst("RateLimit-Reset"))).isBetween(1L, 60L);
        assertThat(refused.body().get("type").asText()).isEqualTo("urn:aicockpit:problem:rate-limited");
        assertThat(refused.body().get("status").asInt()).isEqualTo(429);
        assertThat(refused.body().get("requestId").asText()).isEqualTo(refused.requestId());
    }

    @Test
    void refusesAV1RequestAfterTheUsersLimitWithAnOpenAiErrorAndRetryAfter() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(100, 1, 1000, 1000));
        call(a, tenant, "dev", "/v1/models");

        Answer refused = call(a, tenant, "dev", "/v1/models");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
        JsonNode error = refused.body().get("error");
        assertThat(error.get("message").asText()).contains("request rate limit of 1 per minute is used up");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(refused.body().has("type")).isFalse();
    }

    @Test
    void refusesACompletionWhileTheTokenBudgetIsSpentWithAnOpenAiErrorAndRetryAfter() {
        TenantId tenant = TestTenants.register("ai", new RateLimitSettings(1000, 1000, 1000, 10));
        gatewayA.getBean(AiTokenBudget.class).record(identity(tenant, "dev"), 50).block();

        Answer refused = a.post().uri("/v1/chat/completions")
                .header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, "dev")
                .header(TestIdentityFilter.ROLES, "DEVELOPER")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"model\":\"m\",\"messages\":[]}")
                .exchangeToMono(Answer::of).block(Duration.ofSeconds(10));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().getFirst(HttpHeaders.RETRY_AFTER))).isPositive();
        JsonNode error = refused.body().get("error");
        assertThat(error.get("message").asText()).contains("AI token budget of 10 tokens per minute is used up");
        assertThat(error.get("type").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void limitsTheWholeTenantAcrossItsUsers() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(3, 100, 1000, 1000));

        List<Integer> statuses = Flux.range(1, 4)
                .concatMap(i -> Mono.fromCallable(() -> call(a, tenant, "user-" + i, "/v1/models").status()))
                .collectList().block();

        assertThat(statuses).containsExactly(200, 200, 200, 429);
    }

    @Test
    void leavesRequestsOutsideTheApiAndWithoutIdentityAlone() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(1, 1, 1000, 1000));
        call(a, tenant, "dev", "/api/v1/workspaces");

        Answer anonymous = a.get().uri("/api/v1/workspaces").exchangeToMono(Answer::of).block();
        Answer health = a.get().uri("/actuator/health").header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, "dev").exchangeToMono(Answer::of).block();

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.headers().getFirst("RateLimit-Limit")).isNull();
        assertThat(health.status()).isEqualTo(200);
    }

    @Test
    void twoGatewaysShareOneLimitThroughRedis() {
        TenantId tenant = TestTenants.register("rl", new RateLimitSettings(1000, 10, 1000, 1000));
        AtomicInteger allowedByA = new AtomicInteger();
        AtomicInteger allowedByB = new AtomicInteger();
        AtomicInteger refusedByA = new AtomicInteger();
        AtomicInteger refusedByB = new AtomicInteger();

        for (int i = 0; i < 20; i++) {
            boolean onA = i % 2 == 0;
            int status = call(onA ? a : b, tenant, "dev", "/api/v1/workspaces").status();
            (status == 200 ? (onA ? allowedByA : allowedByB) : (onA ? refusedByA : refusedByB)).incrementAndGet();
        }

        assertThat(allowedByA.get() + allowedByB.get()).isEqualTo(10);
        assertThat(allowedByA.get()).isEqualTo(5);
        assertThat(allowedByB.get()).isEqualTo(5);
        assertThat(refusedByA.get()).isEqualTo(5);
        assertThat(refusedByB.get()).isEqualTo(5);
    }

    @Test
    void aTenantFloodingAtTenTimesItsLimitDoesNotChangeAnotherTenantsSuccessRate() {
        long floodLimit = 30;
        TenantId flooding = TestTenants.register("flood", new RateLimitSettings(floodLimit, floodLimit, 1000, 1000));
        TenantId quiet = TestTenants.register("quiet", new RateLimitSettings(600, 600, 1000, 1000));
        long started = System.nanoTime();

        Flux<Result> flood = Flux.range(0, (int) floodLimit * 10)
                .flatMap(i -> status(i % 2 == 0 ? a : b, flooding, "bot-" + i % 3, "/api/v1/workspaces")
                        .map(status -> new Result(false, status)), 16);
        Flux<Result> steady = Flux.range(0, 60)
                .flatMap(i -> status(i % 2 == 0 ? b : a, quiet, "dev-" + i % 4, "/api/v1/workspaces")
                        .map(status -> new Result(true, status)), 2);
        List<Result> results = Flux.merge(flood, steady).collectList().block(Duration.ofMinutes(1));
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;

        List<Result> quietResults = results.stream().filter(Result::quiet).toList();
        long floodAllowed = results.stream().filter(r -> !r.quiet() && r.status() == 200).count();
        assertThat(quietResults).hasSize(60).allMatch(r -> r.status() == 200);
        // Greedy refill adds one token every 60/limit seconds while the flood runs.
        assertThat(floodAllowed).isBetween(floodLimit, floodLimit + 1 + (long) (elapsedSeconds * floodLimit / 60));
        assertThat(results.stream().filter(r -> !r.quiet()).allMatch(r -> r.status() == 200 || r.status() == 429))
                .isTrue();
    }

    @Test
    void aiTokenBudgetsAreSharedAndChargedPerTenantAndUser() {
        TenantId tenant = TestTenants.register("ai", new RateLimitSettings(1000, 1000, 150, 100));
        AiTokenBudget onA = gatewayA.getBean(AiTokenBudget.class);
        AiTokenBudget onB = gatewayB.getBean(AiTokenBudget.class);
        GatewayIdentity alice = identity(tenant, "alice");
        GatewayIdentity bob = identity(tenant, "bob");

        AiTokenBudget.Decision fresh = onA.check(alice, 50).block();
        AiTokenBudget.Decision reserved = onA.tryConsume(alice, 80).block();
        AiTokenBudget.Decision tooMuch = onB.tryConsume(alice, 30).block();
        AiTokenBudget.Decision fits = onB.check(alice, 20).block();

        assertThat(fresh).isEqualTo(new AiTokenBudget.Decision(true, 100, 100, Duration.ZERO));
        assertThat(reserved.allowed()).isTrue();
        assertThat(reserved.remaining()).isEqualTo(20);
        assertThat(tooMuch.allowed()).isFalse();
        assertThat(tooMuch.limit()).isEqualTo(100);
        assertThat(tooMuch.retryAfter()).isPositive();
        assertThat(fits.allowed()).isTrue();

        // The tenant has 70 left: bob's 100 fit his own budget but not the tenant's, and nothing is spent.
        AiTokenBudget.Decision overTenant = onA.tryConsume(bob, 100).block();
        AiTokenBudget.Decision bobAfterRefusal = onB.tryConsume(bob, 70).block();
        assertThat(overTenant.allowed()).isFalse();
        assertThat(overTenant.limit()).isEqualTo(150);
        assertThat(bobAfterRefusal.allowed()).isTrue();
        assertThat(bobAfterRefusal.remaining()).isZero();

        // Usage reported after the fact is charged even past the limit.
        onA.record(alice, 50).block();
        AiTokenBudget.Decision inDebt = onB.check(alice, 1).block();
        assertThat(inDebt.allowed()).isFalse();
        assertThat(inDebt.retryAfter()).isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void continuesTheRequestOffRedisClientsSingleThread() {
        RedisBuckets buckets = gatewayA.getBean(RedisBuckets.class);
        String key = buckets.key("thread-test", UUID.randomUUID().toString());

        // Whatever follows a bucket check (routing, proxying, the next filters) runs where the answer is delivered;
        // on lettuce's one event-loop thread every request of the gateway would queue behind every other.
        List<String> threads = Flux.range(0, 20)
                .flatMap(i -> buckets.tryConsume(key, 1000, 1).map(probe -> Thread.currentThread().getName()))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(threads).hasSize(20).noneMatch(name -> name.startsWith("lettuce"));
    }

    private record Result(boolean quiet, int status) {}

    record Answer(int status, HttpHeaders headers, JsonNode body, String requestId) {
        static Mono<Answer> of(ClientResponse response) {
            return response.bodyToMono(JsonNode.class)
                    .map(body -> new Answer(response.statusCode().value(), response.headers().asHttpHeaders(), body,
                            null))
                    .defaultIfEmpty(new Answer(response.statusCode().value(), response.headers().asHttpHeaders(),
                            null, null));
        }
    }

    private static GatewayIdentity identity(TenantId tenant, String user) {
        return new GatewayIdentity(tenant, user, user, Set.of(Role.DEVELOPER), ActorType.USER, "issuer", null);
    }

    private static Answer call(WebClient client, TenantId tenant, String user, String path) {
        String requestId = "req-" + UUID.randomUUID();
        Answer answer = client.get().uri(path)
                .header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, user)
                .header(TestIdentityFilter.ROLES, "DEVELOPER")
                .header("X-Request-Id", requestId)
                .exchangeToMono(Answer::of)
                .block(Duration.ofSeconds(10));
        return new Answer(answer.status(), answer.headers(), answer.body(), requestId);
    }

    private static Mono<Integer> status(WebClient client, TenantId tenant, String user, String path) {
        return client.get().uri(path)
                .header(TestIdentityFilter.TENANT, tenant.value())
                .header(TestIdentityFilter.USER, user)
                .header(TestIdentityFilter.ROLES, "DEVELOPER")
                .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()));
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RateLimitTestApp.class)
                .web(WebApplicationType.REACTIVE)
                .run("--server.port=0", "--spring.main.banner-mode=off");
    }

    private static WebClient client(ConfigurableApplicationContext context) {
        return WebClient.builder()
                .baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
                .build();
    }
}
