package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole worker on a random port with real Docker; query-side is a stub, identity tokens are signed with the
 * core-api test key. Kafka listeners stay off: these tests only use the HTTP API. Each test gets its own tenant and
 * workspace and removes its containers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WorkspaceApiTestBase {
    static final QuerySideStub QUERY_SIDE = startStub();
    static final String SUBJECT = "dev-alice";
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    DockerClient docker;
    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final TenantId tenant = DockerTestSupport.randomTenant();
    final WorkspaceId workspace = WorkspaceId.random();
    final List<WorkspaceId> created = new ArrayList<>();

    @DynamicPropertySource
    static void workerProperties(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.security.internal-token.jwks-file", () -> TestIdentityTokens.jwksFile().toString());
        registry.add("aicockpit.container-worker.query-side-uri", () -> QUERY_SIDE.uri().toString());
        registry.add("aicockpit.container-worker.node-id", () -> "it-workspace-api-node");
        registry.add("aicockpit.container-worker.actions-topic", () -> "aicockpit.internal.container-actions.workspace-api-it");
        registry.add("aicockpit.container-worker.results-topic", () -> "aicockpit.internal.container-results.workspace-api-it");
        registry.add("aicockpit.container-worker.exec.max-concurrent", () -> "2");
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
        registry.add("spring.kafka.consumer.group-id", () -> "aicockpit-workspace-api-it-" + UUID.randomUUID());
    }

    private static QuerySideStub startStub() {
        try {
            return new QuerySideStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void requireImage() {
        DockerTestSupport.requireTestImage(docker);
    }

    @AfterEach
    void removeContainers() {
        created.add(workspace);
        DockerTestSupport.removeWorkspaces(docker, created);
    }

    /** Starts this test's workspace as START would and makes it visible to {@link #SUBJECT}; its container id. */
    String startVisibleWorkspace() {
        QUERY_SIDE.show(tenant, workspace, SUBJECT);
        return DockerTestSupport.startWorkspace(docker, tenant, workspace);
    }

    /** Runs a shell command in the container as its user, outside the API under test. */
    String shell(String containerId, String script) throws InterruptedException {
        DockerTestSupport.ExecResult result = DockerTestSupport.exec(docker, containerId, "sh", "-c", script);
        assertThat(result.exitCode()).as("setup %s: %s", script, result.output()).isZero();
        return result.output();
    }

    String developerToken() {
        return TestIdentityTokens.token(tenant.value(), SUBJECT, "DEVELOPER");
    }

    URI api(WorkspaceId id, String rest) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/workspaces/" + id + rest);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        if (token != null) {
            request.header(InternalIdentity.HEADER, token);
        }
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static JsonNode json(HttpResponse<byte[]> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Asserts a problem+json answer of the given status and kind, with a request id. */
    static JsonNode assertProblem(HttpResponse<byte[]> response, int status, String kind) throws IOException {
        assertThat(response.statusCode()).as("status, body %s", new String(response.body())).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asText()).isEqualTo("urn:aicockpit:problem:" + kind);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("requestId").asText()).isNotBlank();
        return problem;
    }
}
