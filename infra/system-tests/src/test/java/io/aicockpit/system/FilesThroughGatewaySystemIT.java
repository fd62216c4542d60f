package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace files API through the real gateway, IdP, services and Docker engine, on a running busybox workspace:
 * editing with ETags and preconditions, directories, upload, archive download, every kind of path attack including
 * a symlink to {@code /} made in the terminal, who may not touch the files at all, and the change stream seeing what
 * the terminal writes (docs/files.md).
 */
class FilesThroughGatewaySystemIT {
    static final Duration SETTLE = Duration.ofSeconds(60);
    /** The node's default {@code aicockpit.container-worker.files.max-write-bytes} (10MB = 10 MiB). */
    static final int MAX_WRITE_BYTES = 10 * 1024 * 1024;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static Platform platform;
    static ServiceProcess gateway;
    static String tenant;
    static String workspaceId;
    static String containerId;

    @BeforeAll
    static void runningWorkspace() throws Exception {
        platform = Platform.get();
        gateway = platform.gateway();
        tenant = platform.onboardThroughGateway("files", null);
        Map<String, String> alice = Map.of("Authorization", "Bearer " + alice());
        workspaceId = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "files", "stackId", "busybox")).body().get("workspaceId").asText();
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, workspaceId)));
        assertThat(platform.post(gateway, "/api/v1/workspaces/" + workspaceId + "/start", alice, null).status())
                .isEqualTo(202);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, workspaceId)));
        containerId = platform.containersOf(workspaceId).getFirst().getId();
    }

    @AfterAll
    static void deleteWorkspace() throws Exception {
        if (workspaceId != null) {
            platform.send(gateway, "DELETE", "/api/v1/workspaces/" + workspaceId,
                    Map.of("Authorization", "Bearer " + alice()), null);
            await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, workspaceId)));
        }
    }

    private static String alice() {
        return Idp.userToken(tenant, "alice");
    }

    @Test
    void ownerEditsFilesWithEtagsPreconditionsDirectoriesUploadAndArchive() throws Exception {
        String token = alice();
        // write: created, then replaced
        Answer created = call(token, "PUT", "/files/content?path=" + q("notes/todo.txt") + "&createParents=true",
                Map.of(), "first\n".getBytes(StandardCharsets.UTF_8));
        assertThat(created.status).as(created.text()).isEqualTo(201);
        String firstTag = created.etag();
        assertThat(firstTag).isEqualTo("\"" + sha256("first\n") + "\"");
        assertThat(created.json().get("size").asLong()).isEqualTo(6);
        // the body carries the bare hash, the header the quoted entity tag
        assertThat(created.json().get("etag").asText()).isEqualTo(sha256("first\n"));

        // read with its ETag
        Answer read = call(token, "GET", "/files/content?path=" + q("notes/todo.txt"), Map.of(), null);
        assertThat(read.status).isEqualTo(200);
        assertThat(read.text()).isEqualTo("first\n");
        assertThat(read.etag()).isEqualTo(firstTag);
        assertThat(read.header("X-AiCockpit-File-Size")).isEqualTo("6");

        Answer replaced = call(token, "PUT", "/files/content?path=" + q("notes/todo.txt"),
                Map.of("If-Match", firstTag), "second\n".getBytes(StandardCharsets.UTF_8));
        assertThat(replaced.status).as(replaced.text()).isEqualTo(200);
        String secondTag = replaced.etag();
        assertThat(secondTag).isEqualTo("\"" + sha256("second\n") + "\"");

        // a stale If-Match: 412 with the current ETag, nothing written
        Answer stale = call(token, "PUT", "/files/content?path=" + q("notes/todo.txt"),
                Map.of("If-Match", firstTag), "lost\n".getBytes(StandardCharsets.UTF_8));
        assertProblem(stale, 412, "file-changed");
        assertThat(stale.etag()).isEqualTo(secondTag);
        assertThat(platform.exec(containerId, "cat /workspace/notes/todo.txt")).isEqualTo("second\n");

        // If-None-Match: * creates only
        Answer exists = call(token, "PUT", "/files/content?path=" + q("notes/todo.txt"),
                Map.of("If-None-Match", "*"), "again\n".getBytes(StandardCharsets.UTF_8));
        assertProblem(exists, 412, "file-changed");
        assertThat(exists.etag()).isEqualTo(secondTag);
        assertThat(call(token, "PUT", "/files/content?path=" + q("notes/new.txt"), Map.of("If-None-Match", "*"),
                "new\n".getBytes(StandardCharsets.UTF_8)).status).isEqualTo(201);

        // the body is the file whatever its Content-Type (curl --data-binary sends a form type by default)
        Answer formTyped = call(token, "PUT", "/files/content?path=" + q("notes/form.txt"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "a=b&c=d\n".getBytes(StandardCharsets.UTF_8));
        assertThat(formTyped.status).as(formTyped.text()).isEqualTo(201);
        assertThat(formTyped.json().get("size").asLong()).isEqualTo(8);
        assertThat(platform.exec(containerId, "cat /workspace/notes/form.txt")).isEqualTo("a=b&c=d\n");

        // over the node's write limit
        Answer tooLarge = call(token, "PUT", "/files/content?path=" + q("big.bin"), Map.of(),
                new byte[MAX_WRITE_BYTES + 1]);
        assertProblem(tooLarge, 413, "payload-too-large");
        assertThat(platform.exec(containerId, "ls /workspace")).doesNotContain("big.bin");

        // mkdir, list (directories first), move
        Answer mkdir = call(token, "POST", "/files/mkdir", Map.of("Content-Type", "application/json"),
                json(Map.of("path", "proj/sub", "parents", true)));
        assertThat(mkdir.status).as(mkdir.text()).isEqualTo(201);
        assertThat(call(token, "PUT", "/files/content?path=" + q("proj/sub/b.txt"), Map.of(),
                "bee\n".getBytes(StandardCharsets.UTF_8)).status).isEqualTo(201);
        Answer moved = call(token, "POST", "/files/move", Map.of("Content-Type", "application/json"),
                json(Map.of("from", "notes/new.txt", "to", "proj/a.txt", "overwrite", false)));
        assertThat(moved.status).as(moved.text()).isEqualTo(200);
        Answer listing = call(token, "GET", "/files?path=proj", Map.of(), null);
        assertThat(listing.status).isEqualTo(200);
        assertThat(listing.json().get("path").asText()).isEqualTo("proj");
        assertThat(listing.json().get("entries")).extracting(entry -> entry.get("name").asText())
                .containsExactly("sub", "a.txt");
        JsonNode file = listing.json().get("entries").get(1);
        assertThat(file.get("type").asText()).isEqualTo("file");
        assertThat(file.get("path").asText()).isEqualTo("proj/a.txt");
        assertThat(file.get("size").asLong()).isEqualTo(4);
        assertThat(file.get("modifiedAt").asText()).isNotBlank();
        assertThat(listing.json().get("entries").get(0).get("type").asText()).isEqualTo("directory");
        Answer root = call(token, "GET", "/files", Map.of(), null);
        assertThat(root.json().get("entries")).extracting(entry -> entry.get("name").asText())
                .contains("notes", "proj").doesNotContain("new.txt");

        // multipart upload of two files
        String boundary = "----aicockpit" + UUID.randomUUID();
        Answer uploaded = call(token, "POST", "/files/upload?path=" + q("proj/uploads") + "&createParents=true",
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary),
                multipart(boundary, Map.of("one.txt", "uno\n", "two.txt", "dos dos\n")));
        assertThat(uploaded.status).as(uploaded.text()).isEqualTo(201);
        assertThat(uploaded.json().get("files")).extracting(f -> f.get("path").asText())
                .containsExactlyInAnyOrder("proj/uploads/one.txt", "proj/uploads/two.txt");
        assertThat(platform.exec(containerId, "cat /workspace/proj/uploads/two.txt")).isEqualTo("dos dos\n");

        // archive download: a gzip'ed tar of the directory
        Answer archive = call(token, "GET", "/files/archive?path=proj", Map.of(), null);
        assertThat(archive.status).isEqualTo(200);
        assertThat(archive.header("Content-Type")).startsWith("application/gzip");
        assertThat(archive.header("Content-Disposition")).isEqualTo("attachment; filename=\"proj.tar.gz\"");
        Map<String, String> entries = untar(archive.body);
        assertThat(entries).containsEntry("proj/a.txt", "new\n").containsEntry("proj/sub/b.txt", "bee\n")
                .containsEntry("proj/uploads/one.txt", "uno\n").containsEntry("proj/uploads/two.txt", "dos dos\n");

        // recursive delete: refused without, done with
        Answer notEmpty = call(token, "DELETE", "/files?path=proj", Map.of(), null);
        assertProblem(notEmpty, 409, "directory-not-empty");
        assertThat(call(token, "DELETE", "/files?path=proj&recursive=true", Map.of(), null).status).isEqualTo(204);
        assertThat(platform.exec(containerId, "ls -A /workspace")).doesNotContain("proj");
        assertProblem(call(token, "GET", "/files/content?path=" + q("proj/a.txt"), Map.of(), null), 404,
                "file-not-found");

        // the volume's use, measured by the node (plain volumes in the system tests)
        Answer disk = call(token, "GET", "/disk", Map.of(), null);
        assertThat(disk.status).as(disk.text()).isEqualTo(200);
        assertThat(disk.json().get("workspaceId").asText()).isEqualTo(workspaceId);
        assertThat(disk.json().get("mode").asText()).isEqualTo("plain");
        assertThat(disk.json().has("usedBytes")).isTrue();
        assertThat(disk.json().has("limitBytes")).isTrue();
        assertThat(disk.json().has("mounted")).isTrue();
    }

    @Test
    void refusesEveryPathAttackAndNeverLeavesTheWorkspaceThroughASymlinkMadeInTheTerminal() throws Exception {
        String token = alice();
        String canary = "canary-" + UUID.randomUUID();
        platform.exec(containerId, "echo " + canary + " > /tmp/canary");
        String passwdBefore = platform.exec(containerId, "sha256sum /etc/passwd");
        assertThat(passwdBefore).contains("/etc/passwd");

        String overLong = "a".repeat(256);
        // raw (already encoded) query values; the server decodes them exactly once
        for (String attack : List.of("..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "%2e%2e%2fetc%2fpasswd",
                "%2E%2E/%2E%2E/etc/passwd", "notes%2F..%2F..%2Ftmp%2Fcanary", "a%00b", "a%0Ab", "a%1Bb", "a%7Fb",
                overLong)) {
            assertRefusedPath(call(token, "GET", "/files/content?path=" + attack, Map.of(), null), attack);
            assertRefusedPath(call(token, "GET", "/files?path=" + attack, Map.of(), null), attack);
            assertRefusedPath(call(token, "PUT", "/files/content?path=" + attack + "&createParents=true", Map.of(),
                    "pwned\n".getBytes(StandardCharsets.UTF_8)), attack);
            assertRefusedPath(call(token, "DELETE", "/files?path=" + attack + "&recursive=true", Map.of(), null),
                    attack);
            assertRefusedPath(call(token, "GET", "/files/archive?path=" + attack, Map.of(), null), attack);
        }
        for (String body : List.of("{\"path\":\"../escape\",\"parents\":true}", "{\"path\":\"/tmp/escape\"}")) {
            assertRefusedPath(call(token, "POST", "/files/mkdir", Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8)), body);
        }
        assertRefusedPath(call(token, "POST", "/files/move", Map.of("Content-Type", "application/json"),
                json(Map.of("from", "/etc/passwd", "to", "stolen"))), "move from outside");

        // a symlink to / made by the user in the terminal, through the gateway's WebSocket
        TerminalThroughGatewaySystemIT.Terminal terminal = TerminalThroughGatewaySystemIT.Terminal.open(
                gateway.url("/api/v1/workspaces/" + workspaceId + "/terminal").replace("http", "ws"),
                Map.of("Authorization", "Bearer " + token), null);
        try {
            terminal.awaitControl("session");
            terminal.type("ln -s / /workspace/root && ln -s /tmp/canary /workspace/canary-link && echo linked-$((1+1))\n");
            await().atMost(SETTLE).until(() -> terminal.output().contains("linked-2"));
        } finally {
            terminal.socket.abort();
        }
        assertThat(platform.exec(containerId, "readlink /workspace/root")).isEqualTo("/\n");

        Answer listing = call(token, "GET", "/files", Map.of(), null);
        JsonNode link = null;
        for (JsonNode entry : listing.json().get("entries")) {
            if (entry.get("name").asText().equals("root")) {
                link = entry;
            }
        }
        assertThat(link).isNotNull();
        assertThat(link.get("type").asText()).isEqualTo("symlink");
        assertThat(link.has("target")).as("no target for a link leading outside").isFalse();

        for (String escape : List.of("root/etc/passwd", "root/tmp/canary", "canary-link")) {
            assertOutside(call(token, "GET", "/files/content?path=" + q(escape), Map.of(), null), escape);
            assertOutside(call(token, "PUT", "/files/content?path=" + q(escape), Map.of(),
                    "pwned\n".getBytes(StandardCharsets.UTF_8)), escape);
        }
        assertOutside(call(token, "PUT", "/files/content?path=" + q("root/tmp/new") + "&createParents=true",
                Map.of(), "pwned\n".getBytes(StandardCharsets.UTF_8)), "root/tmp/new");
        assertOutside(call(token, "GET", "/files?path=root/etc", Map.of(), null), "list root/etc");
        assertOutside(call(token, "GET", "/files/archive?path=root", Map.of(), null), "archive root");
        assertOutside(call(token, "DELETE", "/files?path=root/tmp/canary", Map.of(), null), "delete root/tmp/canary");
        assertOutside(call(token, "DELETE", "/files?path=root/tmp&recursive=true", Map.of(), null), "delete root/tmp");
        assertOutside(call(token, "POST", "/files/mkdir", Map.of("Content-Type", "application/json"),
                json(Map.of("path", "root/tmp/made", "parents", true))), "mkdir root/tmp/made");
        assertOutside(call(token, "POST", "/files/move", Map.of("Content-Type", "application/json"),
                json(Map.of("from", "root/tmp/canary", "to", "stolen"))), "move root/tmp/canary");

        // deleting the links removes the links themselves, never what they point at
        assertThat(call(token, "DELETE", "/files?path=canary-link", Map.of(), null).status).isEqualTo(204);
        assertThat(call(token, "DELETE", "/files?path=root&recursive=true", Map.of(), null).status).isEqualTo(204);

        assertThat(platform.exec(containerId, "cat /tmp/canary")).isEqualTo(canary + "\n");
        assertThat(platform.exec(containerId, "ls /tmp")).doesNotContain("new").doesNotContain("made");
        assertThat(platform.exec(containerId, "sha256sum /etc/passwd")).isEqualTo(passwdBefore);
        assertThat(platform.exec(containerId, "ls -A /workspace")).doesNotContain("root").doesNotContain("stolen")
                .doesNotContain("canary-link");
    }

    @Test
    void colleaguesOtherTenantsAndIntegrationsCannotTouchTheFiles() throws Exception {
        call(alice(), "PUT", "/files/content?path=private.txt", Map.of(), "mine\n".getBytes(StandardCharsets.UTF_8));
        String other = platform.onboardThroughGateway("files-other", null);
        Idp.grant(tenant, "ci-bot", "INTEGRATION");
        String integration = Idp.clientToken(tenant, "ci-bot");
        for (String token : List.of(Idp.userToken(tenant, "carol"), Idp.userToken(other, "admin"),
                Idp.userToken(other, "alice"))) {
            assertProblem(call(token, "GET", "/files", Map.of(), null), 404, "workspace-not-found");
            assertProblem(call(token, "GET", "/files/content?path=private.txt", Map.of(), null), 404,
                    "workspace-not-found");
            assertProblem(call(token, "PUT", "/files/content?path=private.txt", Map.of(),
                    "theirs\n".getBytes(StandardCharsets.UTF_8)), 404, "workspace-not-found");
            assertProblem(call(token, "DELETE", "/files?path=private.txt", Map.of(), null), 404,
                    "workspace-not-found");
            assertProblem(call(token, "GET", "/files/changes", Map.of(), null), 404, "workspace-not-found");
        }
        Answer refused = call(integration, "GET", "/files/content?path=private.txt", Map.of(), null);
        assertThat(refused.status).as(refused.text()).isEqualTo(403);
        assertThat(call(integration, "PUT", "/files/content?path=private.txt", Map.of(),
                "bot\n".getBytes(StandardCharsets.UTF_8)).status).isEqualTo(403);
        assertThat(platform.exec(containerId, "cat /workspace/private.txt")).isEqualTo("mine\n");
        // the tenant's org admin may
        Answer admin = call(Idp.userToken(tenant, "admin"), "GET", "/files/content?path=private.txt", Map.of(), null);
        assertThat(admin.status).isEqualTo(200);
        assertThat(admin.text()).isEqualTo("mine\n");
    }

    @Test
    void changeStreamSeesAFileTheTerminalCreatesWithinTwoSeconds() throws Exception {
        String token = alice();
        String name = "x-" + UUID.randomUUID().toString().substring(0, 8);
        try (Changes changes = Changes.open(gateway.url("/api/v1/workspaces/" + workspaceId + "/files/changes"),
                token)) {
            assertThat(changes.status).isEqualTo(200);
            assertThat(changes.contentType).startsWith("text/event-stream");
            await().atMost(SETTLE).until(() -> changes.lines.contains(":ready"));
            TerminalThroughGatewaySystemIT.Terminal terminal = TerminalThroughGatewaySystemIT.Terminal.open(
                    gateway.url("/api/v1/workspaces/" + workspaceId + "/terminal").replace("http", "ws"),
                    Map.of("Authorization", "Bearer " + token), null);
            try {
                terminal.awaitControl("session");
                terminal.type("cd /workspace && echo ready-$((2+3))\n");
                await().atMost(SETTLE).until(() -> terminal.output().contains("ready-5"));
                terminal.type("echo hi > " + name + "\n");
                long typed = System.nanoTime();
                await().atMost(Duration.ofSeconds(2)).until(() -> changes.saw("created", name));
                System.out.printf("change stream saw the terminal's file after %d ms%n",
                        (System.nanoTime() - typed) / 1_000_000);
            } finally {
                terminal.socket.abort();
            }
        }
        assertThat(platform.exec(containerId, "cat /workspace/" + name)).isEqualTo("hi\n");
    }

    // helpers

    private record Answer(int status, HttpResponse<byte[]> response, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return Platform.JSON.readTree(body);
        }

        String etag() {
            return header("ETag");
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private static Answer call(String token, String method, String pathAndQuery, Map<String, String> headers,
                               byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(gateway.url("/api/v1/workspaces/" + workspaceId + pathAndQuery)))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + token);
        headers.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response, response.body());
    }

    private static void assertProblem(Answer answer, int status, String kind) throws IOException {
        assertThat(answer.status).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText()).as(answer.text()).isEqualTo("urn:aicockpit:problem:" + kind);
    }

    private static void assertRefusedPath(Answer answer, String attack) throws IOException {
        assertThat(answer.status).as("%s → %s", attack, answer.text()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).as(attack).isIn("urn:aicockpit:problem:invalid-path",
                "urn:aicockpit:problem:path-outside-workspace");
    }

    private static void assertOutside(Answer answer, String what) throws IOException {
        assertThat(answer.status).as("%s → %s", what, answer.text()).isEqualTo(400);
        assertThat(answer.json().get("type").asText()).as(what)
                .isEqualTo("urn:aicockpit:problem:path-outside-workspace");
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] json(Object value) throws IOException {
        return Platform.JSON.writeValueAsBytes(value);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] multipart(String boundary, Map<String, String> files) {
        StringBuilder body = new StringBuilder();
        files.forEach((name, content) -> body.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/plain\r\n\r\n").append(content).append("\r\n"));
        body.append("--").append(boundary).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The regular files of a .tar.gz (ustar, with GNU long names and PAX paths), name → content. */
    static Map<String, String> untar(byte[] gzipped) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            String longName = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return files;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0"
                        : field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if (type == 'x') {
                    for (String record : new String(data, StandardCharsets.UTF_8).split("\n")) {
                        int path = record.indexOf(" path=");
                        if (path >= 0) {
                            longName = record.substring(path + 6);
                        }
                    }
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if (type == '0' || type == 0) {
                    files.put(name, new String(data, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** The change stream read as the web IDE reads it: every line, and the parsed {@code change} events. */
    private static final class Changes implements AutoCloseable {
        final int status;
        final String contentType;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<JsonNode> changes = new CopyOnWriteArrayList<>();
        private final Stream<String> body;

        private Changes(HttpResponse<Stream<String>> response) {
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            body = response.body();
            Thread.ofVirtual().name("file-changes").start(this::read);
        }

        static Changes open(String url, String token) throws Exception {
            return new Changes(HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build(),
                    HttpResponse.BodyHandlers.ofLines()));
        }

        boolean saw(String type, String path) {
            return changes.stream().anyMatch(change -> change.path("type").asText().equals(type)
                    && change.path("path").asText().equals(path));
        }

        private void read() {
            try {
                for (String line : (Iterable<String>) body::iterator) {
                    lines.add(line);
                    if (line.startsWith("data:")) {
                        changes.add(Platform.JSON.readTree(line.substring(5).trim()));
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // closed by the test
            }
        }

        @Override
        public void close() {
            body.close();
        }
    }
}
