package io.aicockpit.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class AiAdmissionWebFilterTest {
    private final AiAdmissionWebFilter filter = new AiAdmissionWebFilter(2, new SimpleMeterRegistry());

    private static MockServerWebExchange post(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path).build());
    }

    @Test
    void shedsAiRequestsBeyondTheBoundAtOnceWithRetryAfter() {
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> second = Sinks.empty();
        filter.filter(post("/v1/chat/completions"), exchange -> first.asMono()).subscribe();
        filter.filter(post("/v1/chat/completions"), exchange -> second.asMono()).subscribe();

        MockServerWebExchange third = post("/v1/chat/completions");
        filter.filter(third, exchange -> Mono.error(new AssertionError("must not be forwarded")))
                .block(Duration.ofSeconds(1));

        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(third.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(third.getResponse().getBodyAsString().block()).contains("\"error\"");
        assertThat(filter.inFlight()).isEqualTo(2);
    }

    @Test
    void admitsAgainOnceARequestEnded() {
        Sinks.Empty<Void> first = Sinks.empty();
        filter.filter(post("/v1/chat/completions"), exchange -> first.asMono()).subscribe();
        filter.filter(post("/v1/chat/completions"), exchange -> Mono.never()).subscribe();
        first.tryEmitEmpty();

        MockServerWebExchange next = post("/v1/chat/completions");
        filter.filter(next, exchange -> Mono.empty()).block(Duration.ofSeconds(1));

        assertThat(next.getResponse().getStatusCode()).isNull();
        assertThat(filter.inFlight()).isEqualTo(1);
    }

    @Test
    void leavesOtherRequestsAlone() {
        filter.filter(post("/v1/chat/completions"), exchange -> Mono.never()).subscribe();
        filter.filter(post("/v1/chat/completions"), exchange -> Mono.never()).subscribe();

        MockServerWebExchange api = post("/api/v1/workspaces");
        filter.filter(api, exchange -> Mono.empty()).block(Duration.ofSeconds(1));

        assertThat(api.getResponse().getStatusCode()).isNull();
    }
}
