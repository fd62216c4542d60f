package io.aicockpit.worker.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.transport.DockerHttpClient;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.docker.WorkspaceContainerNames;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads a file of a workspace container through Docker's archive API, which works on running and stopped
 * containers alike, after resolving the path one name at a time so that no symlink leads out of
 * {@code /workspace}.
 *
 * <p>Docker's archive endpoints resolve symlinks in intermediate directories silently (in the container's root
 * scope), so each prefix is stat-ed first ({@code HEAD .../archive}, header {@code X-Docker-Container-Path-Stat}).
 * A symlink's {@code linkTarget} there is already fully evaluated by Docker in the container's scope (every hop,
 * Docker's own bound on loops); it is followed only when it stays inside {@code /workspace}, and the walk goes on
 * from the target. The final read asks for the resolved real path and accepts only a regular file entry.
 *
 * <p>Race left (TOCTOU): a process in the container may swap a checked directory for a symlink between the stat
 * walk and the read. Docker then resolves that symlink in the container's root scope, so the worst case is a file
 * of the container's own filesystem (its {@code /etc/passwd}, say), which the workspace's own processes can read
 * anyway; never a file of the host. A final name swapped for a symlink arrives as a symlink entry and is refused.
 */
@Component
class WorkspaceFileReader {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFileReader.class);
    private static final String STAT_HEADER = "X-Docker-Container-Path-Stat";
    private static final String ROOT = WorkspaceContainerNames.WORKSPACE_DIR;
    private static final int MAX_HOPS = 16;
    // Go's os.FileMode type bits, as Docker reports them
    private static final long MODE_DIR = 1L << 31;
    private static final long MODE_SYMLINK = 1L << 27;
    private static final long MODE_TYPE = MODE_DIR | MODE_SYMLINK | (1L << 26) | (1L << 25) | (1L << 24)
            | (1L << 21) | (1L << 19);

    private final WorkspaceDocker docker;
    private final ObjectMapper json;

    WorkspaceFileReader(WorkspaceDocker docker, ObjectMapper json) {
        this.docker = docker;
        this.json = json;
    }

    /** What Docker reports about one path in the container. */
    record PathStat(long size, long mode, String linkTarget) {
        boolean symlink() {
            return (mode & MODE_SYMLINK) != 0;
        }

        boolean directory() {
            return (mode & MODE_DIR) != 0;
        }

        boolean regular() {
            return (mode & MODE_TYPE) == 0;
        }
    }

    /** An open file positioned at its first byte; close it when done. */
    interface OpenFile extends AutoCloseable {
        long size();

        /** Copies the first {@code limit} bytes (or fewer, at the end of the file) and returns how many. */
        long copyTo(OutputStream out, long limit) throws IOException;

        @Override
        void close();
    }

    /** Resolves {@code path} inside {@code /workspace} and opens it; refuses anything else with a problem. */
    OpenFile open(String containerId, WorkspacePath path) {
        String real = resolve(containerId, path);
        InputStream archive;
        try {
            archive = docker.client().copyArchiveFromContainerCmd(containerId, real).exec();
        } catch (NotFoundException e) {
            throw fileNotFound(path);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("reading a workspace file from docker failed");
            throw WorkspaceProblem.dockerFailed();
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        try {
            TarArchiveEntry entry = (TarArchiveEntry) tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                // the name was swapped for a symlink or directory after it was checked
                throw notRegular(path);
            }
            return new TarFile(tar, entry.getSize());
        } catch (IOException e) {
            closeQuietly(tar);
            log.atWarn().addKeyValue("reason", e.toString()).log("docker sent an unreadable archive");
            throw WorkspaceProblem.dockerFailed();
        } catch (RuntimeException e) {
            closeQuietly(tar);
            throw e;
        }
    }

    /**
     * Docker's tar stream of the already resolved directory {@code real} (entries named after its last name,
     * symlinks as link entries, never followed); close it when done.
     */
    InputStream openTree(String containerId, String real, WorkspacePath path) {
        try {
            return docker.client().copyArchiveFromContainerCmd(containerId, real).exec();
        } catch (NotFoundException e) {
            throw fileNotFound(path);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("reading a workspace tree from docker failed");
            throw WorkspaceProblem.dockerFailed();
        }
    }

    /** The real absolute path of the regular file {@code path}: every prefix checked, symlinks kept inside. */
    String resolve(String containerId, WorkspacePath path) {
        return resolve(containerId, path, false);
    }

    /** The real absolute path of the directory {@code path}; {@code /workspace} for the root. */
    String resolveDirectory(String containerId, WorkspacePath path) {
        return resolve(containerId, path, true);
    }

    private String resolve(String containerId, WorkspacePath path, boolean directory) {
        String current = ROOT;
        List<String> segments = path.segments();
        for (int i = 0; i < segments.size(); i++) {
            String candidate = current + "/" + segments.get(i);
            PathStat stat = stat(containerId, candidate).orElseThrow(() -> fileNotFound(path));
            for (int hops = 0; stat.symlink(); hops++) {
                String target = stat.linkTarget();
                if (hops >= MAX_HOPS || target == null || !insideWorkspace(target)) {
                    throw new WorkspaceProblem(ProblemType.PATH_OUTSIDE_WORKSPACE,
                            "The path leads out of /workspace through a symbolic link.");
                }
                candidate = target;
                stat = stat(containerId, candidate).orElseThrow(() -> fileNotFound(path));
            }
            boolean last = i == segments.size() - 1;
            if (!last && !stat.directory()) {
                throw fileNotFound(path);
            }
            if (last && !directory && !stat.regular()) {
                throw notRegular(path);
            }
            if (last && directory && !stat.directory()) {
                throw notDirectory(path);
            }
            current = candidate;
        }
        return current;
    }

    static boolean insideWorkspace(String absolute) {
        return absolute.equals(ROOT) || absolute.startsWith(ROOT + "/") && !absolute.contains("/../")
                && !absolute.endsWith("/..");
    }

    /** {@code HEAD /containers/{id}/archive?path=}: docker-java has no command for it. */
    Optional<PathStat> stat(String containerId, String absolute) {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method("HEAD")
                .path(docker.apiPath("/containers/" + URLEncoder.encode(containerId, StandardCharsets.UTF_8)
                        + "/archive?path=" + URLEncoder.encode(absolute, StandardCharsets.UTF_8)))
                .build();
        try (DockerHttpClient.Response response = docker.http().execute(request)) {
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            String header = header(response.getHeaders(), STAT_HEADER);
            if (response.getStatusCode() != 200 || header == null) {
                log.atWarn().addKeyValue("status", response.getStatusCode()).log("docker refused a path stat");
                throw WorkspaceProblem.dockerFailed();
            }
            JsonNode stat = json.readTree(Base64.getDecoder().decode(header.strip()));
            return Optional.of(new PathStat(stat.path("size").asLong(), stat.path("mode").asLong(),
                    stat.path("linkTarget").asText("")));
        } catch (IOException | IllegalArgumentException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker path stat failed");
            throw WorkspaceProblem.dockerFailed();
        } catch (WorkspaceProblem e) {
            throw e;
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker path stat failed");
            throw WorkspaceProblem.dockerFailed();
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (name.equalsIgnoreCase(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) {
                return e.getValue().getFirst();
            }
        }
        return null;
    }

    private static WorkspaceProblem fileNotFound(WorkspacePath path) {
        return new WorkspaceProblem(ProblemType.FILE_NOT_FOUND, "No file at " + path.relative() + ".");
    }

    static WorkspaceProblem notDirectory(WorkspacePath path) {
        return new WorkspaceProblem(ProblemType.NOT_A_DIRECTORY, path.relative() + " is not a directory.");
    }

    private static WorkspaceProblem notRegular(WorkspacePath path) {
        return new WorkspaceProblem(ProblemType.NOT_A_REGULAR_FILE,
                String.join("/", path.segments()) + " is a directory or special file, not a regular file.");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("closing a docker archive failed");
        }
    }

    /** The file inside Docker's tar stream. */
    private static final class TarFile implements OpenFile {
        private final TarArchiveInputStream tar;
        private final long size;
        private boolean partial;

        TarFile(TarArchiveInputStream tar, long size) {
            this.tar = tar;
            this.size = size;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public long copyTo(OutputStream out, long limit) throws IOException {
            byte[] buffer = new byte[8192];
            long copied = 0;
            while (copied < limit) {
                int n = tar.read(buffer, 0, (int) Math.min(buffer.length, limit - copied));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                copied += n;
            }
            partial = copied < size;
            return copied;
        }

        /**
         * Closing the HTTP stream drains the rest of Docker's response (the transport reuses connections), so the
         * rest of a truncated large file is drained off the request thread, never buffered.
         */
        @Override
        public void close() {
            if (partial) {
                Thread.ofVirtual().name("workspace-archive-drain").start(() -> closeQuietly(tar));
            } else {
                closeQuietly(tar);
            }
        }
    }
}
