package io.aicockpit.gateway.routing;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the workspace-node routes go and who may open WebSockets. Bound at {@code aicockpit.gateway} next to
 * {@link io.aicockpit.gateway.GatewayProperties}, which ignores these keys.
 *
 * @param webOrigins origins (scheme://host[:port]) a browser may open a WebSocket from; an upgrade with another
 *                   {@code Origin} is refused with 403, one without {@code Origin} (not a browser) is allowed
 * @param routes node addresses
 */
@Validated
@ConfigurationProperties("aicockpit.gateway")
record WorkspaceNodeProperties(
        @DefaultValue({"http://localhost:8080", "http://127.0.0.1:8080", "http://localhost:5173"})
        List<String> webOrigins,
        @DefaultValue @NotNull NodeRoutes routes) {

    /**
     * @param defaultNodeUri the container-worker of a node not listed in {@code nodes} (the single-node setup)
     * @param nodes container-worker base URI per node id ({@code aicockpit.gateway.routes.nodes.node-1=http://…})
     * @param nodeCacheTtl how long a caller's workspace → node lookup is reused; also how long a moved workspace
     *                     may still be routed to its old node
     */
    record NodeRoutes(@DefaultValue("http://127.0.0.1:8083") @NotNull URI defaultNodeUri,
                      @DefaultValue Map<String, URI> nodes,
                      @DefaultValue("3s") @NotNull Duration nodeCacheTtl) {
        NodeRoutes {
            nodes = nodes == null ? Map.of() : Map.copyOf(nodes);
        }

        URI nodeUri(String nodeId) {
            return nodeId == null ? defaultNodeUri : nodes.getOrDefault(nodeId, defaultNodeUri);
        }
    }
}
