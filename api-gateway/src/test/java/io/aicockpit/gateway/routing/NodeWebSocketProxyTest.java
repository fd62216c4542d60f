package io.aicockpit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.scheduler.Schedulers;

class NodeWebSocketProxyTest {

    @Test
    void offeredProtocolsLoseTheBlanksBrowsersPutAfterCommas() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .get("/api/v1/workspaces/w1/terminal")
                .header("Sec-WebSocket-Protocol", "bearer.a.b.c, aicockpit.terminal.v1"));

        ServerWebExchange trimmed = NodeWebSocketProxy.withTrimmedProtocols(exchange);

        assertThat(trimmed.getRequest().getHeaders().get("Sec-WebSocket-Protocol"))
                .containsExactly("bearer.a.b.c,aicockpit.terminal.v1");
    }

    @Test
    void upgradesWhereItIsCalledOnAServerThatIsNotReactorNetty() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .get("/api/v1/workspaces/w1/terminal"));

        assertThat(NodeWebSocketProxy.onTheClientsEventLoop(exchange)).isSameAs(Schedulers.immediate());
    }

    @Test
    void anUpgradeWithoutProtocolsIsLeftAlone() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest
                .get("/api/v1/workspaces/w1/terminal"));

        assertThat(NodeWebSocketProxy.withTrimmedProtocols(exchange)).isSameAs(exchange);
    }
}
