package io.aicockpit.worker.files;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.workspace.WorkspaceGate.WorkspaceTarget;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The file operations behind the controller. Reads (list of a stopped workspace, content, archive) go through
 * Docker's archive API after {@link WorkspaceFileReader} resolved every prefix; everything that changes the
 * workspace, and listing a running one, runs {@link WorkspaceFileShell}'s script as the workspace user. Changes
 * made through this node are serialized per workspace, so two conditional writes cannot both win.
 */
@Component
class WorkspaceFiles {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFiles.class);
    private static final String ROOT = "/workspace";
    private static final int LOCK_STRIPES = 64;
    /** A stopped workspace's listing reads the directory's whole tree; past this many entries it gives up. */
    static final int MAX_ARCHIVE_LIST_SCAN = 200_000;

    /** One directory entry as the API answers it; {@code target} only for symlinks resolving inside. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Entry(String name, String path, String type, long size, String modifiedAt, String target) {}

    /** A listing; {@code truncated} when more than {@code files.max-list-entries} were left off. */
    record Listing(String path, List<Entry> entries,
                   @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {}

    /** The answer of a write: where, how large, its new strong ETag value, and whether it was new. */
    record Written(String path, long size, String etag, @JsonIgnore boolean created) {}

    /** What a write requires of the current file. */
    enum Precondition { ANY, EXISTS, MATCH, ABSENT }

    private final WorkspaceFileShell shell;
    private final WorkspaceFileReader reader;
    private final int maxListEntries;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    WorkspaceFiles(WorkspaceFileShell shell, WorkspaceFileReader reader, ContainerWorkerProperties props) {
        this.shell = shell;
        this.reader = reader;
        this.maxListEntries = props.files().maxListEntries();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    Listing list(WorkspaceTarget target, WorkspacePath dir) {
        List<Entry> entries = new ArrayList<>();
        boolean truncated = target.running() ? listRunning(target, dir, entries) : listStopped(target, dir, entries);
        entries.sort(Comparator.comparing((Entry e) -> !e.type().equals("directory")).thenComparing(Entry::name));
        return new Listing(dir.relative(), entries, truncated);
    }

    private boolean listRunning(WorkspaceTarget target, WorkspacePath dir, List<Entry> entries) {
        WorkspaceFileShell.Result result = shell.operation(target.containerId(), null, 64 << 20, "list",
                dir.relative(), String.valueOf(maxListEntries + 1));
        failIfRefused(result, dir);
        Map<String, String> targets = new HashMap<>();
        String physical = null;
        List<String[]> stats = new ArrayList<>();
        for (String line : result.lines()) {
            if (line.startsWith("D|")) {
                physical = line.substring(2);
            } else if (line.startsWith("L|")) {
                String[] parts = line.split("\\|", 3);
                if (parts.length == 3) {
                    targets.put(parts[2], parts[1]);
                }
            } else {
                String[] parts = line.split("\\|", 4);
                if (parts.length == 4) {
                    stats.add(parts);
                }
            }
        }
        if (physical == null) {
            throw WorkspaceProblem.dockerFailed();
        }
        String prefix = physical.endsWith("/") ? physical : physical + "/";
        for (String[] parts : stats) {
            if (entries.size() >= maxListEntries) {
                return true;
            }
            // a name holding a newline arrives split over lines; such a name is left off rather than misread
            if (!parts[3].startsWith(prefix) || parts[3].indexOf('/', prefix.length()) >= 0) {
                continue;
            }
            String name = parts[3].substring(prefix.length());
            long mode;
            long size;
            long mtime;
            try {
                mode = Long.parseLong(parts[0], 16);
                size = Long.parseLong(parts[1]);
                mtime = Long.parseLong(parts[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            String type = type(mode);
            String linkTarget = type.equals("symlink") ? relativeInside(targets.get(parts[3])) : null;
            entries.add(new Entry(name, dir.child(name).relative(), type, type.equals("directory") ? 0 : size,
                    Instant.ofEpochSecond(mtime).toString(), linkTarget));
        }
        return stats.size() > maxListEntries;
    }

    /** A stopped container cannot exec: read the directory's tree from Docker's archive and keep its children. */
    private boolean listStopped(WorkspaceTarget target, WorkspacePath dir, List<Entry> entries) {
        String real = reader.resolveDirectory(target.containerId(), dir);
        String base = real.substring(real.lastIndexOf('/') + 1) + "/";
        try (InputStream tree = reader.openTree(target.containerId(), real, dir);
             TarArchiveInputStream tar = new TarArchiveInputStream(tree)) {
            int scanned = 0;
            boolean truncated = false;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (++scanned > MAX_ARCHIVE_LIST_SCAN) {
                    throw new WorkspaceProblem(ProblemType.LISTING_TOO_LARGE,
                            "The directory is too large to list while the workspace is stopped; start it first.");
                }
                String name = entry.getName();
                if (!name.startsWith(base)) {
                    continue;
                }
                String rest = name.substring(base.length());
                if (rest.endsWith("/")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                if (rest.isEmpty() || rest.contains("/")) {
                    continue;
                }
                if (entries.size() >= maxListEntries) {
                    truncated = true;
                    continue;
                }
                String type = entry.isSymbolicLink() ? "symlink" : entry.isDirectory() ? "directory"
                        : entry.isFile() ? "file" : "other";
                String linkTarget = null;
                if (entry.isSymbolicLink()) {
                    String link = entry.getLinkName();
                    String from = dir.isRoot() ? ROOT : ROOT + "/" + dir.relative();
                    linkTarget = relativeInside(java.nio.file.Path.of(link.startsWith("/") ? link : from + "/" + link)
                            .normalize().toString());
                }
                entries.add(new Entry(rest, dir.child(rest).relative(), type, entry.isFile() ? entry.getSize() : 0,
                        entry.getModTime().toInstant().toString(), linkTarget));
            }
            return truncated;
        } catch (IOException e) {
            log.atWarn().addKeyValue("reason", e.toString()).log("docker sent an unreadable archive");
            throw WorkspaceProblem.dockerFailed();
        }
    }

    Written write(WorkspaceTarget target, WorkspacePath path, boolean createParents, Precondition precondition,
                  String expectedEtag, byte[] body) {
        String etag = sha256(body);
        WorkspacePath parent = parent(path);
        WorkspaceFileShell.Result result;
        ReentrantLock lock = lock(target);
        lock.lock();
        try {
            result = shell.operation(target.containerId(), body, 4096, "write", parent.relative(), path.name(),
                    flag(createParents), precondition.name().toLowerCase(java.util.Locale.ROOT),
                    expectedEtag == null ? "" : expectedEtag, String.valueOf(body.length),
                    UUID.randomUUID().toString().substring(0, 12));
        } finally {
            lock.unlock();
        }
        if (result.exitCode() == 12) {
            String current = result.stdout().strip();
            WorkspaceProblem problem = new WorkspaceProblem(ProblemType.FILE_CHANGED, precondition == Precondition.ABSENT
                    ? path.relative() + " exists already."
                    : current.isEmpty() ? path.relative() + " does not exist any more."
                    : path.relative() + " changed since it was read; reload it or compare before saving.");
            throw current.matches("[0-9a-f]{64}") ? problem.withHeader("ETag", quote(current)) : problem;
        }
        failIfRefused(result, path);
        return new Written(path.relative(), body.length, etag, result.stdout().strip().equals("created"));
    }

    /** Creates a directory; false when {@code parents} was asked and it existed already. */
    boolean mkdir(WorkspaceTarget target, WorkspacePath path, boolean parents) {
        WorkspaceFileShell.Result result = locked(target, "mkdir", parent(path).relative(), path.name(),
                flag(parents));
        failIfRefused(result, path);
        return result.stdout().strip().equals("created");
    }

    void delete(WorkspaceTarget target, WorkspacePath path, boolean recursive) {
        failIfRefused(locked(target, "delete", parent(path).relative(), path.name(), flag(recursive)), path);
    }

    void move(WorkspaceTarget target, WorkspacePath from, WorkspacePath to, boolean overwrite) {
        failIfRefused(locked(target, "move", parent(from).relative(), from.name(), parent(to).relative(),
                to.name(), flag(overwrite)), from);
    }

    private WorkspaceFileShell.Result locked(WorkspaceTarget target, String... args) {
        ReentrantLock lock = lock(target);
        lock.lock();
        try {
            return shell.operation(target.containerId(), null, 4096, args);
        } finally {
            lock.unlock();
        }
    }

    private ReentrantLock lock(WorkspaceTarget target) {
        return locks[Math.floorMod(target.workspaceId().hashCode(), LOCK_STRIPES)];
    }

    /** Maps the script's exit codes to problems; returns on success. */
    private static void failIfRefused(WorkspaceFileShell.Result result, WorkspacePath path) {
        String where = path.isRoot() ? "/workspace" : path.relative();
        switch (result.exitCode()) {
            case 0 -> {
                return;
            }
            case 10 -> throw new WorkspaceProblem(ProblemType.FILE_NOT_FOUND, "No file at " + where + " ("
                    + result.stderr() + ").");
            case 11 -> throw new WorkspaceProblem(ProblemType.PATH_OUTSIDE_WORKSPACE,
                    "The path leads out of /workspace through a symbolic link.");
            case 14 -> throw new WorkspaceProblem(ProblemType.NOT_A_DIRECTORY, where + ": " + result.stderr() + ".");
            case 15 -> throw new WorkspaceProblem(ProblemType.DIRECTORY_NOT_EMPTY,
                    where + " is a directory that is not empty; pass recursive=true to delete it with its contents.");
            case 16 -> throw new WorkspaceProblem(ProblemType.IS_A_DIRECTORY, where + ": " + result.stderr() + ".");
            case 17 -> throw new WorkspaceProblem(ProblemType.FILE_EXISTS, where + ": " + result.stderr() + ".");
            case 18 -> throw new WorkspaceProblem(ProblemType.INVALID_MOVE, result.stderr() + ".");
            default -> {
                log.atWarn().addKeyValue("exitCode", result.exitCode()).addKeyValue("reason", result.stderr())
                        .log("a file operation failed in the container");
                throw new WorkspaceProblem(ProblemType.OPERATION_FAILED, "The operation on " + where
                        + " failed in the workspace: " + (result.stderr().isEmpty() ? "unknown reason"
                        : result.stderr()) + ".");
            }
        }
    }

    private static String type(long mode) {
        return switch ((int) (mode & 0170000)) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "symlink";
            default -> "other";
        };
    }

    /** {@code /workspace/a/b} → {@code a/b}; null when outside or unknown. */
    static String relativeInside(String absolute) {
        if (absolute == null || absolute.isEmpty() || !WorkspaceFileReader.insideWorkspace(absolute)) {
            return null;
        }
        return absolute.equals(ROOT) ? "" : absolute.substring(ROOT.length() + 1);
    }

    private static WorkspacePath parent(WorkspacePath path) {
        return new WorkspacePath(path.segments().subList(0, path.segments().size() - 1));
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }

    static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
