package io.aicockpit.worker.volume;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node's disk tools as argv (never through a shell, so no name is ever interpreted) with a timeout, and
 * turns a failure into an error naming the command, its exit code and what it printed.
 */
final class HostCommands {
    /** sbin directories are often missing from a service's PATH; the tools live there. */
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Duration timeout;

    HostCommands(Duration timeout) {
        this.timeout = timeout;
    }

    /** The absolute path of a tool on PATH or in the sbin directories. */
    static Optional<Path> find(String tool) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(EXTRA_DIRS);
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, tool))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    /** Runs the command; its standard output when it exits 0, else a {@link WorkspaceVolumeException}. */
    String run(String... argv) {
        Path tool = find(argv[0]).orElseThrow(
                () -> new WorkspaceVolumeException(argv[0] + " is not installed on this node"));
        List<String> command = new ArrayList<>(List.of(argv));
        command.set(0, tool.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new WorkspaceVolumeException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new WorkspaceVolumeException(String.join(" ", argv) + " did not finish within " + timeout);
            }
            int exit = process.exitValue();
            String stdout = out.join();
            if (exit != 0) {
                String stderr = err.join().strip();
                throw new WorkspaceVolumeException(String.join(" ", argv) + " failed with exit code " + exit
                        + (stderr.isEmpty() ? "" : ": " + stderr));
            }
            return stdout;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new WorkspaceVolumeException(String.join(" ", argv) + " was interrupted", e);
        }
    }

    /** Reads all of a stream but keeps only its first few KiB, so a chatty tool cannot fill the heap. */
    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                kept.write(buffer, 0, Math.min(n, Math.max(0, MAX_OUTPUT - kept.size())));
            }
            return kept.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
