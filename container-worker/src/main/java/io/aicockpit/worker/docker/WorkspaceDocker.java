package io.aicockpit.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;

/**
 * A second Docker client for the workspace API, whose calls stream (file contents, exec output) and may stay
 * silent for as long as an exec's timeout, so its response timeout is longer than the action client's. Also hands
 * out the raw HTTP client for the engine calls docker-java has no command for ({@code HEAD .../archive}).
 *
 * @param client     the docker-java client
 * @param http       its transport, for raw requests; paths must start with {@link #apiPath}
 * @param apiVersion the pinned engine API version
 */
public record WorkspaceDocker(DockerClient client, DockerHttpClient http, String apiVersion) implements AutoCloseable {

    /** {@code /v1.41} + {@code path}: the engine route of a raw request at the pinned version. */
    public String apiPath(String path) {
        return "/v" + apiVersion + path;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
