package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import java.io.Closeable;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * BRIEF B5 through the gateway (a benchmark, not a test: its name matches neither surefire's nor failsafe's includes,
 * so only {@code bench/b5-terminal-echo-gateway.sh} runs it, with {@code -Dit.test=TerminalEchoThroughGatewayBench}).
 * On the system tests' platform (services as processes on free ports, real IdP, Kafka, Docker): keystroke echo round
 * trip client → gateway → node → container and back, next to a direct docker-java exec attach to the same container,
 * in the same run. Both paths run {@code stty raw -echo; exec cat} in a TTY; keystrokes go one at a time, each waits
 * for its echo. Prints a markdown report and writes it to {@code target/bench/b5-gateway-report.md}.
 *
 * <p>System properties: {@code aicockpit.bench.keystrokes} (default 2000, at least 1000),
 * {@code aicockpit.bench.warmup} (default 300).
 */
class TerminalEchoThroughGatewayBench {
    static final Duration SETTLE = Duration.ofSeconds(60);

    /** A terminal path the bench types into. */
    private interface EchoPath extends Closeable {
        void send(byte b) throws Exception;

        BlockingQueue<Byte> received();
    }

    @Test
    void keystrokeEchoThroughTheGatewayNextToADirectDockerAttach() throws Exception {
        int keystrokes = Math.max(1000, Integer.getInteger("aicockpit.bench.keystrokes", 2000));
        int warmup = Integer.getInteger("aicockpit.bench.warmup", 300);
        Platform platform = Platform.get();
        ServiceProcess gateway = platform.gateway();
        String tenant = platform.onboardThroughGateway("bench", null);
        Map<String, String> alice = Map.of("Authorization", "Bearer " + Idp.userToken(tenant, "alice"));
        String id = platform.post(gateway, "/api/v1/workspaces", alice,
                Map.of("name", "bench", "stackId", "busybox")).body().get("workspaceId").asText();
        await().atMost(SETTLE).until(() -> "STOPPED".equals(platform.status(tenant, id)));
        platform.post(gateway, "/api/v1/workspaces/" + id + "/start", alice, null);
        await().atMost(SETTLE).until(() -> "RUNNING".equals(platform.status(tenant, id)));
        String containerId = platform.containersOf(id).getFirst().getId();
        try {
            long[] direct;
            long[] throughGateway;
            try (EchoPath path = directAttach(platform, containerId)) {
                direct = measure(path, keystrokes, warmup);
            }
            try (EchoPath path = gatewaySocket(gateway.url("/api/v1/workspaces/" + id + "/terminal")
                    .replace("http", "ws"), Idp.userToken(tenant, "alice"))) {
                throughGateway = measure(path, keystrokes, warmup);
            }
            String report = report(keystrokes, warmup, direct, throughGateway);
            System.out.println(report);
            Path out = Path.of("target", "bench", "b5-gateway-report.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
            assertThat(throughGateway).hasSize(keystrokes);
        } finally {
            platform.send(gateway, "DELETE", "/api/v1/workspaces/" + id, alice, null);
            await().atMost(SETTLE).until(() -> "DELETED".equals(platform.status(tenant, id)));
        }
    }

    private static long[] measure(EchoPath path, int keystrokes, int warmup) throws Exception {
        path.send((byte) '\n');
        for (byte b : "stty raw -echo; exec cat\n".getBytes(StandardCharsets.US_ASCII)) {
            path.send(b);
        }
        awaitQuiet(path);
        long[] samples = new long[keystrokes];
        for (int i = -warmup; i < keystrokes; i++) {
            byte key = (byte) ('a' + Math.floorMod(i, 26));
            long start = System.nanoTime();
            path.send(key);
            Byte echoed;
            do {
                echoed = path.received().poll(5, TimeUnit.SECONDS);
                if (echoed == null) {
                    throw new IllegalStateException("no echo within 5 s");
                }
            } while (echoed != key);
            if (i >= 0) {
                samples[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(samples);
        return samples;
    }

    /** The shell has switched to raw {@code cat} when a probe comes back alone. */
    private static void awaitQuiet(EchoPath path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            path.received().clear();
            path.send((byte) 'z');
            Byte first = path.received().poll(2, TimeUnit.SECONDS);
            if (first != null && first == 'z' && path.received().poll(200, TimeUnit.MILLISECONDS) == null) {
                return;
            }
        }
        throw new IllegalStateException("the terminal never switched to raw cat");
    }

    private static EchoPath directAttach(Platform platform, String containerId) {
        String execId = platform.docker.execCreateCmd(containerId).withTty(true).withAttachStdin(true)
                .withAttachStdout(true).withAttachStderr(true).withUser("dev")
                .withEnv(List.of("TERM=xterm-256color")).withCmd("/bin/sh").exec().getId();
        QueueStdin stdin = new QueueStdin();
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        ResultCallback.Adapter<Frame> callback = platform.docker.execStartCmd(execId).withTty(true)
                .withDetach(false).withStdIn(stdin).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        for (byte b : frame.getPayload()) {
                            received.add(b);
                        }
                    }
                });
        return new EchoPath() {
            @Override
            public void send(byte b) {
                stdin.bytes.add(b & 0xFF);
            }

            @Override
            public BlockingQueue<Byte> received() {
                return received;
            }

            @Override
            public void close() {
                stdin.bytes.add(-1);
                try {
                    callback.close();
                } catch (Exception e) {
                    // the container goes away with the bench
                }
            }
        };
    }

    /** docker-java's stdin pump reads from this; -1 queued ends it. */
    private static final class QueueStdin extends InputStream {
        final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
        private boolean ended;

        @Override
        public int read() throws java.io.IOException {
            if (ended) {
                return -1;
            }
            try {
                int next = bytes.take();
                ended = next < 0;
                return next;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public int read(byte[] target, int offset, int length) throws java.io.IOException {
            if (length == 0) {
                return 0;
            }
            int first = read();
            if (first < 0) {
                return -1;
            }
            target[offset] = (byte) first;
            int n = 1;
            Integer next;
            while (n < length && (next = bytes.peek()) != null && next >= 0) {
                target[offset + n++] = (byte) (int) bytes.poll();
            }
            return n;
        }

        @Override
        public int available() {
            return bytes.size();
        }
    }

    /** The browser's way in: the token as WebSocket subprotocol next to the terminal protocol. */
    private static EchoPath gatewaySocket(String url, String token) {
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .subprotocols("bearer." + token, TerminalThroughGatewaySystemIT.PROTOCOL)
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        while (data.hasRemaining()) {
                            received.add(data.get());
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
        return new EchoPath() {
            @Override
            public void send(byte b) {
                socket.sendBinary(ByteBuffer.wrap(new byte[] {b}), true).join();
            }

            @Override
            public BlockingQueue<Byte> received() {
                return received;
            }

            @Override
            public void close() {
                socket.abort();
            }
        };
    }

    private static String report(int keystrokes, int warmup, long[] direct, long[] gateway) throws Exception {
        StringBuilder r = new StringBuilder();
        r.append("## B5 keystroke echo round trip: gateway → node → container vs direct docker exec attach\n\n");
        r.append("- date: ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        r.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(", ").append(cpuModel()).append('\n');
        r.append("- ").append(keystrokes).append(" keystrokes per path after ").append(warmup)
                .append(" warm-up, one at a time, raw-mode `cat` in a TTY (busybox workspace), same run; services"
                        + " as processes of the system-test platform (real IdP token, gateway, container-worker,"
                        + " Docker engine)\n\n");
        r.append("| path | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        r.append(row("direct docker-java exec attach", direct));
        r.append(row("gateway → node WebSocket", gateway));
        r.append(String.format(Locale.ROOT, "%nratio gateway / direct: p50 %.2f×, p99 %.2f×%n",
                percentile(gateway, 50) / percentile(direct, 50), percentile(gateway, 99) / percentile(direct, 99)));
        return r.toString();
    }

    private static String row(String name, long[] sorted) {
        return String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f |%n", name, percentile(sorted, 50) / 1e6,
                percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String memory() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.1f GiB memory", kib / 1024.0 / 1024.0);
            }
        }
        return "memory unknown";
    }

    private static String cpuModel() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "CPU model unknown";
    }
}
