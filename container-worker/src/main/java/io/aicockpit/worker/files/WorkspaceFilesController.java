package io.aicockpit.worker.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.workspace.WorkspaceGate.WorkspaceTarget;
import io.aicockpit.worker.workspace.WorkspaceGate;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The workspace file API under {@code /api/v1/workspaces/{workspaceId}/files} (docs/files.md): list, read with a
 * strong ETag, conditional write, mkdir, move, delete, upload and a {@code .tar.gz} of a folder. Every call passes
 * the {@link WorkspaceGate} first; paths are parsed by {@link WorkspacePath} before anything reaches Docker.
 * Reads work on a stopped workspace; changes answer 409 {@code workspace-not-running} there.
 */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/files")
class WorkspaceFilesController {
    static final String SIZE_HEADER = "X-AiCockpit-File-Size";
    static final String TRUNCATED_HEADER = "X-AiCockpit-File-Truncated";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFilesController.class);

    private final WorkspaceGate gate;
    private final WorkspaceFileReader reader;
    private final WorkspaceFiles files;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final long maxReadBytes;
    private final long maxWriteBytes;
    private final long maxEtagBytes;

    WorkspaceFilesController(WorkspaceGate gate, WorkspaceFileReader reader, WorkspaceFiles files,
                             ContainerWorkerProperties props, ObjectMapper json, MeterRegistry meters) {
        this.gate = gate;
        this.reader = reader;
        this.files = files;
        this.json = json;
        this.meters = meters;
        this.maxReadBytes = props.files().maxReadBytes().toBytes();
        this.maxWriteBytes = props.files().maxWriteBytes().toBytes();
        this.maxEtagBytes = props.files().maxEtagBytes().toBytes();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    WorkspaceFiles.Listing list(@PathVariable String workspaceId, @RequestParam(required = false) String path,
                                HttpServletRequest request, HttpServletResponse response) {
        return observe("list", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath dir = WorkspacePath.parseDirectory(path);
            WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            return files.list(target, dir);
        });
    }

    /**
     * The first {@code maxBytes} bytes of a regular file, with its full size, whether it was cut, and (up to
     * {@code files.max-etag-bytes}) the strong ETag of the whole file. {@code If-None-Match} with it answers 304.
     */
    @GetMapping("/content")
    void content(@PathVariable String workspaceId, @RequestParam(required = false) String path,
                 @RequestParam(required = false) String maxBytes, HttpServletRequest request,
                 HttpServletResponse response) {
        observe("read", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath file = WorkspacePath.parse(path);
            long limit = limit(maxBytes);
            WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
            try (WorkspaceFileReader.OpenFile open = reader.open(target.containerId(), file)) {
                readInto(open, limit, request, response);
            }
            return null;
        });
    }

    private void readInto(WorkspaceFileReader.OpenFile open, long limit, HttpServletRequest request,
                          HttpServletResponse response) {
        long size = open.size();
        boolean truncated = size > limit;
        response.setHeader(SIZE_HEADER, String.valueOf(size));
        response.setHeader(TRUNCATED_HEADER, String.valueOf(truncated));
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            if (size > maxEtagBytes) {
                response.setStatus(200);
                response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
                response.setContentLengthLong(Math.min(size, limit));
                OutputStream out = response.getOutputStream();
                open.copyTo(out, limit);
                out.flush();
                return;
            }
            // the ETag names the whole file, so all of it is hashed even when only the first bytes are sent
            MessageDigest sha = WorkspaceFiles.digest();
            ByteArrayOutputStream kept = new ByteArrayOutputStream((int) Math.min(size, limit));
            open.copyTo(new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    sha.update(b, off, len);
                    int room = (int) Math.max(0, limit - kept.size());
                    kept.write(b, off, Math.min(room, len));
                }
            }, size);
            String etag = WorkspaceFiles.quote(HexFormat.of().formatHex(sha.digest()));
            response.setHeader(HttpHeaders.ETAG, etag);
            if (etag.equals(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
                response.setStatus(304);
                return;
            }
            response.setStatus(200);
            response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
            response.setContentLengthLong(kept.size());
            OutputStream out = response.getOutputStream();
            kept.writeTo(out);
            out.flush();
        } catch (IOException e) {
            // the status may be sent already; the caller sees a body shorter than its Content-Length
            log.atWarn().addKeyValue("reason", e.toString()).log("workspace file read broke off");
        }
    }

    /**
     * Writes a file from the request body. {@code If-Match: "<etag>"} (or {@code *}) refuses a stale write with 412
     * {@code file-changed} and the current ETag; {@code If-None-Match: *} refuses to replace an existing file.
     */
    @PutMapping(path = "/content", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<WorkspaceFiles.Written> write(@PathVariable String workspaceId,
                                                 @RequestParam(required = false) String path,
                                                 @RequestParam(required = false) String createParents,
                                                 HttpServletRequest request, HttpServletResponse response) {
        return observe("write", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath file = WorkspacePath.parse(path);
            boolean parents = WorkspaceFileRequests.flag(createParents, "createParents");
            String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
            String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
            WorkspaceFiles.Precondition precondition = WorkspaceFiles.Precondition.ANY;
            String expected = null;
            if (ifMatch != null && ifNoneMatch != null) {
                throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "If-Match", "cannot be combined with If-None-Match");
            }
            if (ifNoneMatch != null) {
                if (!ifNoneMatch.strip().equals("*")) {
                    throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "If-None-Match", "must be *");
                }
                precondition = WorkspaceFiles.Precondition.ABSENT;
            } else if (ifMatch != null) {
                precondition = WorkspaceFiles.Precondition.MATCH;
                expected = WorkspaceFileRequests.expectedEtag(ifMatch.strip());
            }
            WorkspaceTarget target = running(gate.open(request, response, caller, workspaceId));
            byte[] body = WorkspaceFileRequests.body(request, maxWriteBytes);
            if ("*".equals(expected)) {
                expected = null;
                precondition = WorkspaceFiles.Precondition.EXISTS;
            }
            WorkspaceFiles.Written written = files.write(target, file, parents, precondition,
                    expected, body);
            log.atInfo().addKeyValue("bytes", written.size()).addKeyValue("created", written.created())
                    .log("workspace file written");
            return ResponseEntity.status(written.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .eTag(WorkspaceFiles.quote(written.etag())).body(written);
        });
    }

    @PostMapping(path = "/mkdir", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, String>> mkdir(@PathVariable String workspaceId, HttpServletRequest request,
                                              HttpServletResponse response) {
        return observe("mkdir", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspaceFileRequests.Mkdir body = WorkspaceFileRequests.mkdir(WorkspaceFileRequests.stream(request), json);
            WorkspaceTarget target = running(gate.open(request, response, caller, workspaceId));
            boolean created = files.mkdir(target, body.path(), body.parents());
            return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(Map.of("path", body.path().relative()));
        });
    }

    @PostMapping(path = "/move", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> move(@PathVariable String workspaceId, HttpServletRequest request,
                             HttpServletResponse response) {
        return observe("move", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspaceFileRequests.Move body = WorkspaceFileRequests.move(WorkspaceFileRequests.stream(request), json);
            WorkspaceTarget target = running(gate.open(request, response, caller, workspaceId));
            files.move(target, body.from(), body.to(), body.overwrite());
            return Map.of("from", body.from().relative(), "to", body.to().relative());
        });
    }

    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String workspaceId, @RequestParam(required = false) String path,
                                @RequestParam(required = false) String recursive, HttpServletRequest request,
                                HttpServletResponse response) {
        return observe("delete", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath file = WorkspacePath.parse(path);
            boolean all = WorkspaceFileRequests.flag(recursive, "recursive");
            WorkspaceTarget target = running(gate.open(request, response, caller, workspaceId));
            files.delete(target, file, all);
            return ResponseEntity.noContent().build();
        });
    }

    /**
     * Writes each {@code file} part of a multipart body into the directory {@code path} (created when
     * {@code createParents=true}); an existing file is replaced only with {@code overwrite=true}. All names and
     * sizes are checked before the first file is written; files are written one after the other, not as a unit.
     */
    @PostMapping(path = "/upload", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, List<WorkspaceFiles.Written>>> upload(
            @PathVariable String workspaceId, HttpServletRequest request, HttpServletResponse response) {
        return observe("upload", () -> {
            InternalIdentity caller = gate.caller(request, response);
            // read from the query string alone: asking the servlet for parameters would parse the whole multipart
            // body before the caller is checked
            MultiValueMap<String, String> query = UriComponentsBuilder.newInstance()
                    .query(request.getQueryString()).build().getQueryParams();
            WorkspacePath dir = WorkspacePath.parseDirectory(WorkspaceFileRequests.queryParam(query, "path"));
            boolean parents = WorkspaceFileRequests.flag(WorkspaceFileRequests.queryParam(query, "createParents"), "createParents");
            boolean replace = WorkspaceFileRequests.flag(WorkspaceFileRequests.queryParam(query, "overwrite"), "overwrite");
            WorkspaceTarget target = running(gate.open(request, response, caller, workspaceId));
            List<Part> uploads = WorkspaceFileRequests.parts(request, maxWriteBytes);
            List<WorkspacePath> paths = new ArrayList<>();
            for (Part part : uploads) {
                paths.add(dir.child(WorkspacePath.checkName(part.getSubmittedFileName(), "file")));
            }
            List<WorkspaceFiles.Written> written = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                byte[] bytes;
                try (InputStream in = uploads.get(i).getInputStream()) {
                    bytes = in.readNBytes((int) maxWriteBytes + 1);
                } catch (IOException e) {
                    throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "file", "could not be read");
                }
                if (bytes.length > maxWriteBytes) {
                    throw WorkspaceFileRequests.tooLarge(maxWriteBytes);
                }
                written.add(files.write(target, paths.get(i), parents, replace ? WorkspaceFiles.Precondition.ANY
                        : WorkspaceFiles.Precondition.ABSENT, null, bytes));
            }
            log.atInfo().addKeyValue("files", written.size()).log("workspace files uploaded");
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("files", written));
        });
    }

    /** The directory {@code path} (default: the whole workspace) as a gzip-compressed tar stream. */
    @GetMapping("/archive")
    void archive(@PathVariable String workspaceId, @RequestParam(required = false) String path,
                 HttpServletRequest request, HttpServletResponse response) {
        observe("archive", () -> {
            InternalIdentity caller = gate.caller(request, response);
            WorkspacePath dir = WorkspacePath.parseDirectory(path);
            WorkspaceTarget target = gate.open(request, response, caller, workspaceId);
            String real = reader.resolveDirectory(target.containerId(), dir);
            try (InputStream tar = reader.openTree(target.containerId(), real, dir)) {
                response.setStatus(200);
                response.setContentType("application/gzip");
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition(dir.name() + ".tar.gz"));
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                response.setHeader("X-Content-Type-Options", "nosniff");
                GZIPOutputStream gzip = new GZIPOutputStream(response.getOutputStream(), 64 * 1024);
                long bytes = tar.transferTo(gzip);
                gzip.finish();
                gzip.flush();
                log.atInfo().addKeyValue("tarBytes", bytes).log("workspace folder downloaded");
            } catch (IOException e) {
                // the status is sent already; the caller gets a cut gzip stream, which fails its checksum
                log.atWarn().addKeyValue("reason", e.toString()).log("workspace archive broke off");
            }
            return null;
        });
    }

    /** A plain quoted name when it is printable ASCII, else RFC 6266's {@code filename*} with a safe fallback. */
    static String disposition(String filename) {
        boolean plain = filename.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        ContentDisposition.Builder builder = ContentDisposition.attachment();
        return (plain ? builder.filename(filename) : builder.filename(filename, StandardCharsets.UTF_8))
                .build().toString();
    }

    private <T> T observe(String operation, Supplier<T> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            T result = call.get();
            outcome = "ok";
            return result;
        } catch (WorkspaceProblem problem) {
            outcome = problem.type.kind();
            if (problem.type.status() >= 400 && problem.type.status() < 500 && problem.type.status() != 404 && problem.type.status() != 412) {
                log.atWarn().addKeyValue("operation", operation).addKeyValue("problem", problem.type.kind())
                        .log("workspace file operation refused");
            }
            throw problem;
        } finally {
            sample.stop(Timer.builder("aicockpit.workspace.file.operation").tag("operation", operation)
                    .tag("outcome", outcome).register(meters));
        }
    }

    private static WorkspaceTarget running(WorkspaceTarget target) {
        if (!target.running()) {
            throw WorkspaceFileShell.notRunning();
        }
        return target;
    }

    private long limit(String maxBytes) {
        if (maxBytes == null || maxBytes.isBlank()) {
            return maxReadBytes;
        }
        long value;
        try {
            value = Long.parseLong(maxBytes.strip());
        } catch (NumberFormatException e) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "maxBytes", "must be an integer");
        }
        if (value < 1 || value > maxReadBytes) {
            throw WorkspaceProblem.invalid(ProblemType.INVALID_REQUEST, "maxBytes", "must be between 1 and " + maxReadBytes);
        }
        return value;
    }
}
