package io.aicockpit.system;

import io.aicockpit.testsupport.kafka.TestKafka;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One service's executable jar running as a child process, with its log in target/system-it/. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code module}'s exec jar with {@code args} (Spring {@code --key=value}) and waits until it is ready. */
    static ServiceProcess start(String name, String module, List<String> args) throws IOException {
        return start(name, module, args, freePort());
    }

    /** As {@link #start(String, String, List)}, on a given port (a service that others were told the address of). */
    static ServiceProcess start(String name, String module, List<String> args, int port) throws IOException {
        Path root = Path.of(System.getProperty("aicockpit.repo.root", "../.."));
        Path jar = root.resolve(module).resolve("target")
                .resolve(module + "-" + System.getProperty("aicockpit.version", "0.1.0-SNAPSHOT") + "-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Path log = Path.of("target", "system-it", name + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Daxoniq.update-checker.disabled=true", "--enable-native-access=ALL-UNNAMED",
                "-jar", jar.toString(), "--server.port=" + port, "--logging.structured.format.console=logstash"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // every service logs in to Kafka as its own principal, with the least-privilege ACLs of
        // infra/kafka/acls.conf: the modules' names are the principals' names
        builder.environment().putAll(io.aicockpit.testsupport.kafka.TestKafka.serviceEnvironment(module));
        ServiceProcess service = new ServiceProcess(name, port, log, builder.start());
        service.awaitReady(Duration.ofSeconds(120));
        return service;
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was ready; "
                        + "log: " + log.toAbsolutePath() + "\n" + tail());
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/actuator/health/readiness")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            waitFor(Duration.ofMillis(250));
        }
        close();
        throw new IllegalStateException(name + " was not ready within " + timeout + "\n" + tail());
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The process id (benchmarks read its CPU time from /proc). */
    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself (e.g. a fault-injected halt); returns its exit code. */
    int awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new IllegalStateException(name + " did not exit within " + timeout + "\n" + tail());
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills the process abruptly (SIGKILL), as a crash would. */
    void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void close() {
        process.destroy();
        if (!waitFor(Duration.ofSeconds(20))) {
            kill();
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
