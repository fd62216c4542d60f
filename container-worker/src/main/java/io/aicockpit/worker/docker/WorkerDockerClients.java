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
    /** Long enough for a stop with the largest allowed grace period; no call here streams. */
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    private WorkerDockerClients() {}

    /**
     * A client for {@code props.dockerHost()} speaking API {@code props.dockerApiVersion()}. The version is set
     * explicitly because docker-java otherwise takes it from any docker-java.properties on the classpath.
     */
    public static DockerClient create(ContainerWorkerProperties props) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(props.dockerHost())
                .withApiVersion(props.dockerApiVersion())
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(20)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
