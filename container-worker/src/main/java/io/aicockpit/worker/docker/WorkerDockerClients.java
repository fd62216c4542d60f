package io.aicockpit.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.aicockpit.worker.ContainerWorkerProperties;
import java.time.Duration;

/** Builds the Docker client the way the worker needs it; public so tests drive the engine identically. */
public final class WorkerDockerClients {
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for a stop with the largest allowed grace period; no call of the action client streams. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private WorkerDockerClients() {}

    /**
     * A client for {@code props.dockerHost()} speaking API {@code props.dockerApiVersion()}. The version is set
     * explicitly because docker-java otherwise takes it from any docker-java.properties on the classpath.
     */
    public static DockerClient create(ContainerWorkerProperties props) {
        DockerClientConfig config = config(props);
        return DockerClientImpl.getInstance(config, http(config, RESPONSE_TIMEOUT));
    }

    /**
     * The client of the workspace file and exec API: the same engine and version, but a response timeout that
     * outlasts the longest silent exec ({@code responseTimeout}), because its calls stream.
     */
    public static WorkspaceDocker createForWorkspaces(ContainerWorkerProperties props, Duration responseTimeout) {
        DockerClientConfig config = config(props);
        ApacheDockerHttpClient http = http(config, responseTimeout);
        return new WorkspaceDocker(DockerClientImpl.getInstance(config, http), http, props.dockerApiVersion());
    }

    /**
     * The client of workspace terminals: each terminal holds one hijacked connection for its whole life, so the pool
     * has room for {@code maxConnections}, and there is no response timeout, because an idle shell is silent for
     * hours.
     */
    public static WorkspaceDocker createForTerminals(ContainerWorkerProperties props, int maxConnections) {
        DockerClientConfig config = config(props);
        ApacheDockerHttpClient http = http(config, null, maxConnections);
        return new WorkspaceDocker(DockerClientImpl.getInstance(config, http), http, props.dockerApiVersion());
    }

    private static DockerClientConfig config(ContainerWorkerProperties props) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(props.dockerHost())
                .withApiVersion(props.dockerApiVersion())
                .build();
    }

    private static ApacheDockerHttpClient http(DockerClientConfig config, Duration responseTimeout) {
        return http(config, responseTimeout, 20);
    }

    private static ApacheDockerHttpClient http(DockerClientConfig config, Duration responseTimeout,
                                               int maxConnections) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
    }
}
