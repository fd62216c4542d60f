package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/workspaces/{id}/files/content} against real workspace containers. */
class WorkspaceFileApiIT extends WorkspaceApiTestBase {
    private static final String SETUP = "mkdir -p /workspace/src/sub && printf 'hello world\\n' > /workspace/src/hello.txt"
            + " && ln -s /etc/passwd /workspace/leak && ln -s /etc /workspace/etcdir"
            + " && ln -s src /workspace/srclink && ln -s ../workspace/src/hello.txt /workspace/inlink";

    private HttpResponse<byte[]> read(WorkspaceId id, String path, String token) throws IOException, InterruptedException {
        return read(id, path, null, token);
    }

    private HttpResponse<byte[]> read(WorkspaceId id, String path, String maxBytes, String token)
            throws IOException, InterruptedException {
        String query = "?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + (maxBytes == null ? "" : "&maxBytes=" + maxBytes);
        return send(HttpRequest.newBuilder(api(id, "/files/content" + query)).GET(), token);
    }

    private void startWithFiles() throws InterruptedException {
        shell(startVisibleWorkspace(), SETUP);
    }

    @Test
    void readsAFile() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = read(workspace, "src/hello.txt", developerToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(response.headers().firstValue("X-AiCockpit-File-Size")).hasValue("12");
        assertThat(response.headers().firstValue("X-AiCockpit-File-Truncated")).hasValue("false");
    }

    @Test
    void orgAdminReadsAFileToo() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = read(workspace, "./src//hello.txt",
                TestIdentityTokens.token(tenant.value(), SUBJECT, "ORG_ADMIN"));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void truncatesAtMaxBytes() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = read(workspace, "src/hello.txt", "5", developerToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(response.headers().firstValue("X-AiCockpit-File-Size")).hasValue("12");
        assertThat(response.headers().firstValue("X-AiCockpit-File-Truncated")).hasValue("true");
    }

    @Test
    void truncatesALargeFileAtMaxBytesAndStillAnswersTheNextRead() throws Exception {
        String id = startVisibleWorkspace();
        shell(id, "head -c 5000000 /dev/zero > /workspace/big && printf 'x' > /workspace/small");

        HttpResponse<byte[]> big = read(workspace, "big", "1000", developerToken());
        HttpResponse<byte[]> small = read(workspace, "small", developerToken());

        assertThat(big.statusCode()).isEqualTo(200);
        assertThat(big.body()).hasSize(1000);
        assertThat(big.headers().firstValue("X-AiCockpit-File-Size")).hasValue("5000000");
        assertThat(big.headers().firstValue("X-AiCockpit-File-Truncated")).hasValue("true");
        assertThat(small.body()).containsExactly('x');
    }

    @Test
    void refusesMaxBytesOutsideItsRange() throws Exception {
        startWithFiles();

        for (String maxBytes : List.of("0", "-1", String.valueOf(1024 * 1024 + 1), "ten")) {
            JsonNode problem = assertProblem(read(workspace, "src/hello.txt", maxBytes, developerToken()),
                    400, "invalid-request");
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("maxBytes");
        }
        assertThat(read(workspace, "src/hello.txt", String.valueOf(1024 * 1024), developerToken()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void missingFileIsNotFound() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "src/nope.txt", developerToken()), 404, "file-not-found");
        assertProblem(read(workspace, "nodir/hello.txt", developerToken()), 404, "file-not-found");
        assertProblem(read(workspace, "src/hello.txt/x", developerToken()), 404, "file-not-found");
    }

    @Test
    void directoryIsNotARegularFile() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "src", developerToken()), 409, "not-a-regular-file");
        assertProblem(read(workspace, "srclink", developerToken()), 409, "not-a-regular-file");
    }

    @Test
    void refusesTraversalAbsolutePathsAndControlCharacters() throws Exception {
        startWithFiles();

        for (String path : List.of("../x", "/etc/passwd", "a/../../etc/passwd", "src/..", "..", "a\u0000b",
                "src/hello.txt\u0000", "a\nb", "a\u001bb", "a\u007fb", "", ".", "x".repeat(4097))) {
            JsonNode problem = assertProblem(read(workspace, path, developerToken()), 400, "invalid-path");
            assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("path");
        }
    }

    @Test
    void refusesSymlinksLeadingOutOfTheWorkspace() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "leak", developerToken()), 400, "path-outside-workspace");
        assertProblem(read(workspace, "etcdir/passwd", developerToken()), 400, "path-outside-workspace");
        assertProblem(read(workspace, "etcdir", developerToken()), 400, "path-outside-workspace");
    }

    @Test
    void followsSymlinksThatStayInsideTheWorkspace() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> viaDirectory = read(workspace, "srclink/hello.txt", developerToken());
        HttpResponse<byte[]> viaFile = read(workspace, "inlink", developerToken());

        assertThat(viaDirectory.statusCode()).isEqualTo(200);
        assertThat(new String(viaDirectory.body(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
        assertThat(viaFile.statusCode()).isEqualTo(200);
        assertThat(new String(viaFile.body(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
    }

    @Test
    void readsFromAStoppedContainer() throws Exception {
        startWithFiles();
        DockerTestSupport.stopWorkspace(docker, tenant, workspace);

        HttpResponse<byte[]> response = read(workspace, "src/hello.txt", developerToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("hello world\n");
        assertProblem(read(workspace, "etcdir/passwd", developerToken()), 400, "path-outside-workspace");
    }

    @Test
    void anotherTenantsTokenIsNotFound() throws Exception {
        startWithFiles();
        var other = DockerTestSupport.randomTenant();

        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.token(other.value(), SUBJECT, "DEVELOPER")),
                404, "workspace-not-found");
        // even if query-side showed it to the other tenant, the container's labels name this tenant
        QUERY_SIDE.show(other, workspace, SUBJECT);
        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.token(other.value(), SUBJECT, "DEVELOPER")),
                404, "workspace-not-found");
    }

    @Test
    void anotherDevelopersWorkspaceIsNotFound() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.token(tenant.value(), "dev-bob", "DEVELOPER")),
                404, "workspace-not-found");
    }

    @Test
    void wrongWorkspaceIsNotFound() throws Exception {
        startWithFiles();

        assertProblem(read(WorkspaceId.random(), "src/hello.txt", developerToken()), 404, "workspace-not-found");
        HttpResponse<byte[]> malformed = send(HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + "/api/v1/workspaces/not-a-uuid/files/content?path=a")).GET(),
                developerToken());
        assertProblem(malformed, 404, "workspace-not-found");
    }

    @Test
    void visibleWorkspaceWithoutContainerIsAConflict() throws Exception {
        QUERY_SIDE.show(tenant, workspace, SUBJECT);

        assertProblem(read(workspace, "src/hello.txt", developerToken()), 409, "workspace-has-no-container");
    }

    @Test
    void failingQuerySideIsABadGateway() throws Exception {
        QUERY_SIDE.breakOn(workspace);

        assertProblem(read(workspace, "src/hello.txt", developerToken()), 502, "workspace-check-failed");
    }

    @Test
    void auditorAndOperatorAreForbidden() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.token(tenant.value(), SUBJECT, "AUDITOR")),
                403, "forbidden");
        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.token(null, "root", "PLATFORM_OPERATOR",
                "DEVELOPER")), 403, "forbidden");
    }

    @Test
    void missingOrForgedTokenIsUnauthenticated() throws Exception {
        startWithFiles();

        assertProblem(read(workspace, "src/hello.txt", null), 401, "unauthenticated");
        assertProblem(read(workspace, "src/hello.txt", TestIdentityTokens.forgedToken(tenant.value(), SUBJECT,
                "DEVELOPER")), 401, "unauthenticated");
        assertProblem(read(workspace, "../x", null), 401, "unauthenticated");
    }

    @Test
    void problemsCarryTheCallersRequestId() throws Exception {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(api(workspace, "/files/content?path=a"))
                .header("X-Request-Id", "req-123").GET(), null);

        assertThat(assertProblem(response, 401, "unauthenticated").path("requestId").asText()).isEqualTo("req-123");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("req-123");
    }
}
