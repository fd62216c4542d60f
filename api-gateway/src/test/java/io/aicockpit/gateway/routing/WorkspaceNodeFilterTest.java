package io.aicockpit.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class WorkspaceNodeFilterTest {
    private static final URI REQUEST = URI.create(
            "http://placeholder:8083/api/v1/workspaces/w1/files/content?path=src%2Fa%20b.txt&createParents=true");

    @Test
    void keepsTheEncodedPathAndQueryOnTheNodesAddress() {
        assertThat(WorkspaceNodeFilter.onNode(REQUEST, URI.create("http://10.0.0.7:9083"), false)).hasToString(
                "http://10.0.0.7:9083/api/v1/workspaces/w1/files/content?path=src%2Fa%20b.txt&createParents=true");
    }

    @Test
    void prefixesTheNodesBasePath() {
        assertThat(WorkspaceNodeFilter.onNode(URI.create("http://x/api/v1/workspaces/w1/files"),
                URI.create("https://node-2.internal/worker/"), false))
                .hasToString("https://node-2.internal/worker/api/v1/workspaces/w1/files");
    }

    @Test
    void upgradesGoToTheNodesWebSocketScheme() {
        URI terminal = URI.create("http://x/api/v1/workspaces/w1/terminal?cols=80");
        assertThat(WorkspaceNodeFilter.onNode(terminal, URI.create("http://node:8083"), true))
                .hasToString("ws://node:8083/api/v1/workspaces/w1/terminal?cols=80");
        assertThat(WorkspaceNodeFilter.onNode(terminal, URI.create("https://node:8443"), true))
                .hasToString("wss://node:8443/api/v1/workspaces/w1/terminal?cols=80");
    }
}
