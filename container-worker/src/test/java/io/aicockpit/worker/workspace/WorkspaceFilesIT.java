package io.aicockpit.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.action.DockerTestSupport;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The workspace file API ({@code /api/v1/workspaces/{id}/files...}) against real busybox workspace containers:
 * every operation, conditional writes, limits, each path attack (with a canary outside /workspace that must stay
 * untouched), access, and the change stream. Lives beside {@link WorkspaceApiTestBase}, which starts the worker.
 */
class WorkspaceFilesIT extends WorkspaceApiTestBase {
    private static final String SETUP = "mkdir -p /workspace/src/sub && printf 'hello world\\n' > /workspace/src/hello.txt"
            + " && printf 'b' > /workspace/src/b.txt && ln -s hello.txt /workspace/src/inlink"
            + " && ln -s /etc/passwd /workspace/src/outlink";
    private static final int MAX_WRITE = 10 * 1024 * 1024;

    private String container;

    /** A short heartbeat and a small stream cap, so both can be seen in a test. */
    @DynamicPropertySource
    static void fileProperties(DynamicPropertyRegistry registry) {
        registry.add("aicockpit.container-worker.files.changes-heartbeat", () -> "1s");
        registry.add("aicockpit.container-worker.files.max-change-streams", () -> "2");
    }

    /** An open change stream whose lines are collected as they arrive. */
    private final class ChangeStream implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final HttpResponse<InputStream> response;

        ChangeStream() throws IOException, InterruptedException {
            response = http.send(HttpRequest.newBuilder(api(workspace, "/files/changes"))
                    .header(io.aicockpit.coreapi.identity.InternalIdentity.HEADER, developerToken()).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() == 200) {
                Thread.ofVirtual().start(() -> {
                    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                            StandardCharsets.UTF_8))) {
                        for (String line = in.readLine(); line != null; line = in.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException closed) {
                        // the test closed the stream
                    }
                });
            }
        }

        ChangeStream ready() {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(":ready"));
            return this;
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    private String startWithFiles() throws InterruptedException {
        container = startVisibleWorkspace();
        shell(container, SETUP);
        return container;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> get(String rest) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(workspace, rest)).GET(), developerToken());
    }

    private HttpResponse<byte[]> put(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(workspace, "/files/content?path=" + q(path)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, developerToken());
    }

    private HttpResponse<byte[]> post(String rest, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(workspace, rest)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), developerToken());
    }

    private HttpResponse<byte[]> delete(String rest) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(workspace, rest)).DELETE(), developerToken());
    }

    private String cat(String absolute) throws InterruptedException {
        DockerTestSupport.ExecResult result = DockerTestSupport.exec(docker, container, "cat", absolute);
        return result.exitCode() == 0 ? result.output() : null;
    }

    private boolean exists(String absolute) throws InterruptedException {
        return DockerTestSupport.exec(docker, container, "sh", "-c", "[ -e \"$1\" ] || [ -L \"$1\" ]", "x", absolute)
                .exitCode() == 0;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String utf8(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void listsADirectoryWithDirectoriesFirst() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = get("/files?path=src");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode listing = json(response);
        assertThat(listing.path("path").asText()).isEqualTo("src");
        List<String> names = new ArrayList<>();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        listing.path("entries").forEach(e -> {
            names.add(e.path("name").asText());
            byName.put(e.path("name").asText(), e);
        });
        assertThat(names).containsExactly("sub", "b.txt", "hello.txt", "inlink", "outlink");
        assertThat(byName.get("sub").path("type").asText()).isEqualTo("directory");
        assertThat(byName.get("hello.txt").path("type").asText()).isEqualTo("file");
        assertThat(byName.get("hello.txt").path("size").asLong()).isEqualTo(12);
        assertThat(byName.get("hello.txt").path("path").asText()).isEqualTo("src/hello.txt");
        assertThat(byName.get("hello.txt").path("modifiedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(byName.get("inlink").path("type").asText()).isEqualTo("symlink");
        assertThat(byName.get("inlink").path("target").asText()).isEqualTo("src/hello.txt");
        assertThat(byName.get("outlink").path("type").asText()).isEqualTo("symlink");
        assertThat(byName.get("outlink").has("target")).isFalse();
        JsonNode root = json(get("/files"));
        assertThat(root.path("path").asText("missing")).isEmpty();
        assertThat(root.path("entries").get(0).path("name").asText()).isEqualTo("src");
        assertThat(root.has("truncated")).isFalse();
        JsonNode empty = json(get("/files?path=src/sub"));
        assertThat(empty.path("entries").isArray()).isTrue();
        assertThat(empty.path("entries")).isEmpty();
        assertProblem(get("/files?path=src/hello.txt"), 409, "not-a-directory");
        assertProblem(get("/files?path=nope"), 404, "file-not-found");
    }

    @Test
    void listsAndReadsAStoppedWorkspaceButRefusesChanges() throws Exception {
        startWithFiles();
        DockerTestSupport.stopWorkspace(docker, tenant, workspace);

        JsonNode listing = json(get("/files?path=src"));
        HttpResponse<byte[]> read = get("/files/content?path=src/hello.txt");

        List<String> names = new ArrayList<>();
        listing.path("entries").forEach(e -> names.add(e.path("name").asText()));
        assertThat(names).containsExactly("sub", "b.txt", "hello.txt", "inlink", "outlink");
        assertThat(utf8(read)).isEqualTo("hello world\n");
        assertThat(read.headers().firstValue("ETag")).hasValue("\"" + sha256("hello world\n".getBytes()) + "\"");
        assertThat(get("/files/archive?path=src").statusCode()).isEqualTo(200);
        assertProblem(put("src/new.txt", "x".getBytes()), 409, "workspace-not-running");
        assertProblem(post("/files/mkdir", "{\"path\":\"d\"}"), 409, "workspace-not-running");
        assertProblem(post("/files/move", "{\"from\":\"src/b.txt\",\"to\":\"c.txt\"}"), 409, "workspace-not-running");
        assertProblem(delete("/files?path=src/b.txt"), 409, "workspace-not-running");
        assertProblem(get("/files/changes"), 409, "workspace-not-running");
    }

    @Test
    void readsWithAStrongEtagOfTheWholeFileAndAnswersNotModified() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> full = get("/files/content?path=src/hello.txt");
        HttpResponse<byte[]> cut = get("/files/content?path=src/hello.txt&maxBytes=5");
        String etag = full.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = send(HttpRequest.newBuilder(api(workspace, "/files/content?path=src/hello.txt"))
                .header("If-None-Match", etag).GET(), developerToken());

        assertThat(etag).isEqualTo("\"" + sha256("hello world\n".getBytes()) + "\"");
        assertThat(full.headers().firstValue("X-AiCockpit-File-Size")).hasValue("12");
        assertThat(full.headers().firstValue("X-AiCockpit-File-Truncated")).hasValue("false");
        assertThat(utf8(cut)).isEqualTo("hello");
        assertThat(cut.headers().firstValue("ETag")).hasValue(etag);
        assertThat(cut.headers().firstValue("X-AiCockpit-File-Truncated")).hasValue("true");
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void writesANewFileAsTheWorkspaceUserThenReplacesItWithIfMatch() throws Exception {
        startWithFiles();
        byte[] first = "first\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<byte[]> created = put("src/new.txt", first, "If-None-Match", "*");
        HttpResponse<byte[]> replaced = put("src/new.txt", second, "If-Match", "\"" + sha256(first) + "\"");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).hasValue("\"" + sha256(first) + "\"");
        assertThat(json(created).path("path").asText()).isEqualTo("src/new.txt");
        assertThat(json(created).path("size").asLong()).isEqualTo(first.length);
        assertThat(json(created).path("etag").asText()).isEqualTo(sha256(first));
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).hasValue("\"" + sha256(second) + "\"");
        assertThat(cat("/workspace/src/new.txt")).isEqualTo("second\n");
        assertThat(shell(container, "stat -c %u:%g /workspace/src/new.txt").strip()).isEqualTo("1000:1000");
        assertThat(shell(container, "ls -a /workspace/src")).doesNotContain(".aicockpit-");
    }

    @Test
    void keepsTheModeOfAReplacedFileAndWritesThroughAnInsideSymlink() throws Exception {
        startWithFiles();
        shell(container, "chmod 755 /workspace/src/hello.txt");

        assertThat(put("src/inlink", "#!/bin/sh\n".getBytes()).statusCode()).isEqualTo(200);

        assertThat(shell(container, "stat -c %a /workspace/src/hello.txt").strip()).isEqualTo("755");
        assertThat(cat("/workspace/src/hello.txt")).isEqualTo("#!/bin/sh\n");
        assertThat(shell(container, "readlink /workspace/src/inlink").strip()).isEqualTo("hello.txt");
    }

    @Test
    void refusesAStaleWriteWith412AndTheCurrentEtag() throws Exception {
        startWithFiles();
        String read = get("/files/content?path=src/hello.txt").headers().firstValue("ETag").orElseThrow();
        shell(container, "printf 'changed in the terminal\\n' > /workspace/src/hello.txt");

        HttpResponse<byte[]> stale = put("src/hello.txt", "mine\n".getBytes(), "If-Match", read);

        assertProblem(stale, 412, "file-changed");
        assertThat(stale.headers().firstValue("ETag"))
                .hasValue("\"" + sha256("changed in the terminal\n".getBytes()) + "\"");
        assertThat(cat("/workspace/src/hello.txt")).isEqualTo("changed in the terminal\n");
        assertProblem(put("src/hello.txt", "x".getBytes(), "If-Match", "W/" + read), 412, "file-changed");
        assertProblem(put("src/gone.txt", "x".getBytes(), "If-Match", read), 412, "file-changed");
        assertThat(exists("/workspace/src/gone.txt")).isFalse();
        // a refused large body is not waited for, and the next write goes through
        assertProblem(put("src/hello.txt", new byte[MAX_WRITE], "If-Match", read), 412, "file-changed");
        assertThat(put("src/hello.txt", "next\n".getBytes()).statusCode()).isEqualTo(200);
        assertThat(shell(container, "ls -A /workspace/src")).doesNotContain(".aicockpit-");
    }

    @Test
    void ofTwoConcurrentWritesWithTheSameIfMatchExactlyOneWins() throws Exception {
        startWithFiles();
        String etag = "\"" + sha256("hello world\n".getBytes()) + "\"";

        List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> writes = new ArrayList<>();
        for (String body : List.of("from tab one\n", "from tab two\n")) {
            writes.add(http.sendAsync(HttpRequest.newBuilder(api(workspace, "/files/content?path=src/hello.txt"))
                    .header(io.aicockpit.coreapi.identity.InternalIdentity.HEADER, developerToken())
                    .header("If-Match", etag).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var write : writes) {
            statuses.add(write.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }

        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        HttpResponse<byte[]> winner = writes.get(statuses.indexOf(200)).get();
        HttpResponse<byte[]> loser = writes.get(statuses.indexOf(412)).get();
        assertThat(loser.headers().firstValue("ETag")).isEqualTo(winner.headers().firstValue("ETag"));
        assertThat(cat("/workspace/src/hello.txt")).isIn("from tab one\n", "from tab two\n");
    }

    @Test
    void ifNoneMatchStarRefusesToReplaceAnExistingFile() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> refused = put("src/hello.txt", "x".getBytes(), "If-None-Match", "*");

        assertProblem(refused, 412, "file-changed");
        assertThat(refused.headers().firstValue("ETag")).hasValue("\"" + sha256("hello world\n".getBytes()) + "\"");
        assertThat(cat("/workspace/src/hello.txt")).isEqualTo("hello world\n");
    }

    @Test
    void createsParentsOnlyWhenAsked() throws Exception {
        startWithFiles();

        assertProblem(put("a/b/c.txt", "x".getBytes()), 404, "file-not-found");
        HttpResponse<byte[]> created = send(HttpRequest.newBuilder(api(workspace,
                "/files/content?path=a/b/c.txt&createParents=true")).PUT(HttpRequest.BodyPublishers.ofString("x")),
                developerToken());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(cat("/workspace/a/b/c.txt")).isEqualTo("x");
        assertProblem(put("src/hello.txt/x", "x".getBytes()), 409, "not-a-directory");
        assertProblem(put("src", "x".getBytes()), 409, "is-a-directory");
    }

    @Test
    void writesAnEmptyFileAndOneOfExactlyTheLimit() throws Exception {
        startWithFiles();
        byte[] limit = new byte[MAX_WRITE];
        limit[MAX_WRITE - 1] = 7;

        assertThat(put("empty", new byte[0]).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> large = put("large.bin", limit);

        assertThat(shell(container, "stat -c %s /workspace/empty").strip()).isEqualTo("0");
        assertThat(large.statusCode()).isEqualTo(201);
        assertThat(shell(container, "sha256sum /workspace/large.bin").substring(0, 64)).isEqualTo(sha256(limit));
    }

    @Test
    void refusesAWriteOverTheSizeLimitWith413() throws Exception {
        startWithFiles();

        assertProblem(put("big.bin", new byte[MAX_WRITE + 1]), 413, "payload-too-large");

        assertThat(exists("/workspace/big.bin")).isFalse();
    }

    @Test
    void makesDirectories() throws Exception {
        startWithFiles();

        assertThat(post("/files/mkdir", "{\"path\":\"docs\"}").statusCode()).isEqualTo(201);
        assertProblem(post("/files/mkdir", "{\"path\":\"docs\"}"), 409, "file-exists");
        assertProblem(post("/files/mkdir", "{\"path\":\"x/y/z\"}"), 404, "file-not-found");
        assertThat(post("/files/mkdir", "{\"path\":\"x/y/z\",\"parents\":true}").statusCode()).isEqualTo(201);
        assertThat(post("/files/mkdir", "{\"path\":\"x/y/z\",\"parents\":true}").statusCode()).isEqualTo(200);
        assertProblem(post("/files/mkdir", "{\"path\":\"q\",\"privileged\":true}"), 400, "invalid-request");
        assertProblem(post("/files/mkdir", "{\"path\":\"q\",\"parents\":\"yes\"}"), 400, "invalid-request");

        assertThat(shell(container, "[ -d /workspace/docs ] && [ -d /workspace/x/y/z ] && echo ok").strip())
                .isEqualTo("ok");
    }

    @Test
    void movesAndRenames() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> renamed = post("/files/move", "{\"from\":\"src/b.txt\",\"to\":\"src/sub/c.txt\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(json(renamed).path("to").asText()).isEqualTo("src/sub/c.txt");
        assertThat(cat("/workspace/src/sub/c.txt")).isEqualTo("b");
        assertThat(exists("/workspace/src/b.txt")).isFalse();

        assertProblem(post("/files/move", "{\"from\":\"src/sub/c.txt\",\"to\":\"src/hello.txt\"}"), 409, "file-exists");
        assertThat(post("/files/move", "{\"from\":\"src/sub/c.txt\",\"to\":\"src/hello.txt\",\"overwrite\":true}")
                .statusCode()).isEqualTo(200);
        assertThat(cat("/workspace/src/hello.txt")).isEqualTo("b");

        assertThat(post("/files/move", "{\"from\":\"src\",\"to\":\"lib\"}").statusCode()).isEqualTo(200);
        assertThat(cat("/workspace/lib/hello.txt")).isEqualTo("b");
        assertProblem(post("/files/move", "{\"from\":\"lib\",\"to\":\"lib/sub/lib\"}"), 409, "invalid-move");
        assertProblem(post("/files/move", "{\"from\":\"nope\",\"to\":\"x\"}"), 404, "file-not-found");
    }

    @Test
    void deletesFilesAndDirectoriesOnlyRecursivelyWhenAsked() throws Exception {
        startWithFiles();

        assertThat(delete("/files?path=src/b.txt").statusCode()).isEqualTo(204);
        assertThat(exists("/workspace/src/b.txt")).isFalse();
        assertThat(delete("/files?path=src/sub").statusCode()).isEqualTo(204);
        assertProblem(delete("/files?path=src"), 409, "directory-not-empty");
        assertThat(exists("/workspace/src/hello.txt")).isTrue();
        assertThat(delete("/files?path=src&recursive=true").statusCode()).isEqualTo(204);
        assertThat(exists("/workspace/src")).isFalse();
        assertProblem(delete("/files?path=src"), 404, "file-not-found");
        assertProblem(delete("/files?path="), 400, "invalid-path");
    }

    @Test
    void uploadsSeveralFilesInOneRequest() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = upload("uploads", true, Map.of("a.txt", "alpha".getBytes(),
                "b.bin", new byte[] {0, 1, 2}));

        assertThat(response.statusCode()).as(utf8(response)).isEqualTo(201);
        JsonNode files = json(response).path("files");
        assertThat(files).hasSize(2);
        assertThat(cat("/workspace/uploads/a.txt")).isEqualTo("alpha");
        assertThat(shell(container, "stat -c %s /workspace/uploads/b.bin").strip()).isEqualTo("3");
        assertThat(files.findValuesAsText("etag")).contains(sha256("alpha".getBytes()));
        assertProblem(upload("uploads", false, Map.of("a.txt", "again".getBytes())), 412, "file-changed");
    }

    @Test
    void refusesAnUploadedFileOverTheSizeLimitWith413() throws Exception {
        startWithFiles();

        assertProblem(upload("", false, Map.of("big.bin", new byte[MAX_WRITE + 1])), 413, "payload-too-large");

        assertThat(exists("/workspace/big.bin")).isFalse();
    }

    @Test
    void downloadsAFolderAsTarGz() throws Exception {
        startWithFiles();

        HttpResponse<byte[]> response = get("/files/archive?path=src");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment").contains("filename=\"src.tar.gz\"");
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(
                new ByteArrayInputStream(response.body())))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), e.isSymbolicLink() ? "-> " + e.getLinkName()
                        : e.isFile() ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : "dir");
            }
        }
        assertThat(entries).containsEntry("src/hello.txt", "hello world\n")
                .containsEntry("src/outlink", "-> /etc/passwd");
        assertThat(entries.keySet()).noneMatch(name -> name.contains("passwd") && !name.equals("src/outlink"));
        assertThat(get("/files/archive").headers().firstValue("Content-Disposition").orElseThrow())
                .contains("workspace.tar.gz");
    }

    @Test
    void nothingOutsideTheWorkspaceChangesThroughASymlinkMadeInTheTerminal() throws Exception {
        startWithFiles();
        shell(container, "printf canary > /tmp/canary && ln -s / /workspace/root && ln -s /tmp /workspace/tmp"
                + " && ln -s /tmp/canary /workspace/canarylink");
        String passwd = shell(container, "sha256sum /etc/passwd");

        assertProblem(put("root/tmp/canary", "owned".getBytes()), 400, "path-outside-workspace");
        assertProblem(put("tmp/canary", "owned".getBytes()), 400, "path-outside-workspace");
        assertProblem(put("canarylink", "owned".getBytes()), 400, "path-outside-workspace");
        assertProblem(put("root/etc/passwd", "owned".getBytes()), 400, "path-outside-workspace");
        assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=tmp/deep/x&createParents=true"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")), developerToken()), 400, "path-outside-workspace");
        assertProblem(post("/files/mkdir", "{\"path\":\"root/tmp/made\",\"parents\":true}"), 400,
                "path-outside-workspace");
        assertProblem(post("/files/mkdir", "{\"path\":\"tmp/a/b\",\"parents\":true}"), 400, "path-outside-workspace");
        assertProblem(delete("/files?path=tmp/canary"), 400, "path-outside-workspace");
        assertProblem(delete("/files?path=root/tmp&recursive=true"), 400, "path-outside-workspace");
        assertProblem(post("/files/move", "{\"from\":\"tmp/canary\",\"to\":\"stolen\"}"), 400,
                "path-outside-workspace");
        assertProblem(post("/files/move", "{\"from\":\"src/hello.txt\",\"to\":\"tmp/planted\"}"), 400,
                "path-outside-workspace");
        assertProblem(post("/files/move", "{\"from\":\"src/b.txt\",\"to\":\"root/etc/passwd\",\"overwrite\":true}"),
                400, "path-outside-workspace");
        assertProblem(upload("tmp", false, Map.of("planted", "x".getBytes())), 400, "path-outside-workspace");
        assertProblem(get("/files/content?path=canarylink"), 400, "path-outside-workspace");
        assertProblem(get("/files/content?path=root/etc/passwd"), 400, "path-outside-workspace");
        assertProblem(get("/files?path=root/etc"), 400, "path-outside-workspace");
        assertProblem(get("/files?path=tmp"), 400, "path-outside-workspace");
        assertProblem(get("/files/archive?path=root"), 400, "path-outside-workspace");
        assertProblem(get("/files/archive?path=tmp"), 400, "path-outside-workspace");

        assertThat(cat("/tmp/canary")).isEqualTo("canary");
        assertThat(shell(container, "ls -A /tmp").strip()).isEqualTo("canary");
        assertThat(shell(container, "sha256sum /etc/passwd")).isEqualTo(passwd);
        assertThat(exists("/workspace/stolen")).isFalse();
        // removing the link itself stays inside the workspace and leaves its target alone
        assertThat(delete("/files?path=root").statusCode()).isEqualTo(204);
        assertThat(delete("/files?path=canarylink").statusCode()).isEqualTo(204);
        assertThat(cat("/tmp/canary")).isEqualTo("canary");
        assertThat(exists("/etc/passwd")).isTrue();
    }

    @Test
    void refusesTraversalEncodedTraversalAbsolutePathsControlBytesAndOverlongNames() throws Exception {
        startWithFiles();
        shell(container, "printf canary > /tmp/canary");
        List<String> rawQueries = List.of("..%2Ftmp%2Fcanary", "%2e%2e%2ftmp%2fcanary", "src%2F..%2F..%2Ftmp%2Fcanary",
                "%2Ftmp%2Fcanary", "/tmp/canary", "src/..", "a%00b", "src%2Fhello.txt%00", "a%0Ab", "a%1Bb", "a%7Fb",
                "a%C2%85b", "x".repeat(256), ("y".repeat(99) + "%2F").repeat(41) + "z");

        for (String raw : rawQueries) {
            assertProblem(send(HttpRequest.newBuilder(URI.create(api(workspace, "/files/content?path=").toString()
                    + raw)).PUT(HttpRequest.BodyPublishers.ofString("owned")), developerToken()), 400, "invalid-path");
            assertProblem(send(HttpRequest.newBuilder(URI.create(api(workspace, "/files/content?path=").toString()
                    + raw)).GET(), developerToken()), 400, "invalid-path");
            assertProblem(send(HttpRequest.newBuilder(URI.create(api(workspace, "/files?path=").toString()
                    + raw)).DELETE(), developerToken()), 400, "invalid-path");
        }
        assertProblem(post("/files/move", "{\"from\":\"src/b.txt\",\"to\":\"../tmp/x\"}"), 400, "invalid-path");
        assertProblem(post("/files/mkdir", "{\"path\":\"/tmp/x\"}"), 400, "invalid-path");
        assertProblem(get("/files?path=..%2F"), 400, "invalid-path");
        assertProblem(get("/files/archive?path=%2e%2e"), 400, "invalid-path");

        // encoded twice, the dots are a literal name inside the workspace
        assertThat(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=%252e%252e%252ftmp"))
                .PUT(HttpRequest.BodyPublishers.ofString("inside")), developerToken()).statusCode()).isEqualTo(201);
        assertThat(cat("/workspace/%2e%2e%2ftmp")).isEqualTo("inside");
        assertThat(cat("/tmp/canary")).isEqualTo("canary");
        assertThat(shell(container, "ls -A /tmp").strip()).isEqualTo("canary");
    }

    @Test
    void changeStreamSeesAFileCreatedInTheTerminalWithinTwoSeconds() throws Exception {
        startWithFiles();
        try (ChangeStream stream = new ChangeStream()) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/event-stream");
            List<String> lines = stream.ready().lines;

            shell(container, "echo > /workspace/x");
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> lines.contains("data:{\"type\":\"created\",\"path\":\"x\"}"));

            shell(container, "echo more >> /workspace/src/hello.txt && rm /workspace/src/b.txt");
            await().atMost(Duration.ofSeconds(2)).until(() -> lines.containsAll(List.of(
                    "data:{\"type\":\"modified\",\"path\":\"src/hello.txt\"}",
                    "data:{\"type\":\"deleted\",\"path\":\"src/b.txt\"}")));
            assertThat(lines).contains("event:change");
            // the API's own writes show up too, without its temporary file
            put("src/api.txt", "x".getBytes());
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> lines.contains("data:{\"type\":\"created\",\"path\":\"src/api.txt\"}"));
            assertThat(lines).noneMatch(line -> line.contains(".aicockpit-"));
        }
    }

    @Test
    void changeStreamSkipsExcludedDirectories() throws Exception {
        startWithFiles();
        shell(container, "mkdir -p /workspace/node_modules");
        try (ChangeStream stream = new ChangeStream()) {
            List<String> lines = stream.ready().lines;

            shell(container, "echo > /workspace/node_modules/dep.js && echo > /workspace/after");
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> lines.contains("data:{\"type\":\"created\",\"path\":\"after\"}"));

            assertThat(lines).noneMatch(line -> line.contains("dep.js"));
        }
    }

    @Test
    void changeStreamsSendHeartbeatsAndAreCappedPerWorkspace() throws Exception {
        startWithFiles();
        try (ChangeStream first = new ChangeStream().ready(); ChangeStream second = new ChangeStream().ready()) {
            try (ChangeStream third = new ChangeStream()) {
                assertThat(third.response.statusCode()).isEqualTo(429);
                assertThat(new String(third.response.body().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("urn:aicockpit:problem:too-many-change-streams");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> first.lines.contains(":heartbeat"));
            first.close();
            // the node notices the closed stream at its next heartbeat and frees the place
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (ChangeStream again = new ChangeStream()) {
                    return again.response.statusCode() == 200;
                }
            });
            assertThat(second.lines).contains(":ready");
        }
    }

    @Test
    void anotherTenantGetsNotFoundAndIntegrationsAreForbidden() throws Exception {
        startWithFiles();
        String otherTenant = TestIdentityTokens.token(DockerTestSupport.randomTenant().value(), SUBJECT, "DEVELOPER");
        String integration = TestIdentityTokens.token(tenant.value(), SUBJECT, "INTEGRATION");
        String colleague = TestIdentityTokens.token(tenant.value(), "dev-bob", "DEVELOPER");

        for (String token : List.of(otherTenant, colleague)) {
            assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files?path=src")).GET(), token), 404,
                    "workspace-not-found");
            assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=src/x"))
                    .PUT(HttpRequest.BodyPublishers.ofString("x")), token), 404, "workspace-not-found");
            assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files?path=src&recursive=true")).DELETE(),
                    token), 404, "workspace-not-found");
            assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/changes")).GET(), token), 404,
                    "workspace-not-found");
        }
        assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files?path=src")).GET(), integration), 403,
                "forbidden");
        assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/archive")).GET(), integration), 403,
                "forbidden");
        assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/content?path=src/x"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")), integration), 403, "forbidden");
        assertProblem(send(HttpRequest.newBuilder(api(workspace, "/files/changes")).GET(), integration), 403,
                "forbidden");
        assertThat(exists("/workspace/src")).isTrue();
        assertThat(exists("/workspace/src/x")).isFalse();
        QUERY_SIDE.show(tenant, workspace, "admin-carol");
        assertThat(send(HttpRequest.newBuilder(api(workspace, "/files?path=src")).GET(),
                TestIdentityTokens.token(tenant.value(), "admin-carol", "ORG_ADMIN")).statusCode()).isEqualTo(200);
    }

    private HttpResponse<byte[]> upload(String dir, boolean createParents, Map<String, byte[]> files)
            throws IOException, InterruptedException {
        String boundary = "----aicockpit-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + file.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(api(workspace, "/files/upload?path=" + q(dir)
                        + (createParents ? "&createParents=true" : "")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), developerToken());
    }
}
