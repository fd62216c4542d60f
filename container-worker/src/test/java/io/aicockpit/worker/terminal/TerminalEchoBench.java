package io.aicockpit.worker.terminal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.worker.ContainerWorkerApplication;
import io.aicockpit.worker.action.DockerTestSupport;
import io.aicockpit.worker.workspace.QuerySideStub;
import java.io.Closeable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * BRIEF B5 (not a test): keystroke echo round trip through the node's terminal WebSocket compared with a direct
 * docker-java exec attach to the same container, in the same run. Both paths run {@code stty raw -echo; exec cat}
 * in a TTY, so every keystroke travels client → pty → {@code cat} → pty → client; keystrokes are sent one at a time
 * and each waits for its echo. Starts the worker in-process (random port, real Docker, busybox test image, a
 * query-side stub, test-signed identity), prints p50/p90/p99/max per path. Run by {@code bench/b5-terminal-echo.sh}.
 *
 * <p>Arguments: keystrokes (default 2000), warm-up keystrokes (default 300).
 */
public final class TerminalEchoBench {
    private static final String SUBJECT = "bench-dev";

    private TerminalEchoBench() {}

    /** A terminal path the bench types into. */
    private interface Path extends Closeable {
        void send(byte b) throws Exception;

        BlockingQueue<Byte> received();
    }

    public static void main(String[] args) throws Exception {
        int keystrokes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        QuerySideStub querySide = new QuerySideStub();
        SpringApplication app = new SpringApplication(ContainerWorkerApplication.class);
        ConfigurableApplicationContext context = app.run(
                "--server.port=0",
                "--aicockpit.security.internal-token.jwks-file=" + TestIdentityTokens.jwksFile(),
                "--aicockpit.container-worker.query-side-uri=" + querySide.uri(),
                "--aicockpit.container-worker.node-id=bench-terminal-node",
                "--aicockpit.container-worker.actions-topic=aicockpit.internal.container-actions.bench",
                "--aicockpit.container-worker.results-topic=aicockpit.internal.container-results.bench",
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.consumer.group-id=aicockpit-bench-" + UUID.randomUUID(),
                "--logging.level.root=WARN",
                "--logging.structured.format.console=");
        DockerClient docker = context.getBean(DockerClient.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        TenantId tenant = DockerTestSupport.randomTenant();
        WorkspaceId workspace = WorkspaceId.random();
        try {
            DockerTestSupport.requireTestImage(docker);
            querySide.show(tenant, workspace, SUBJECT);
            String containerId = DockerTestSupport.startWorkspace(docker, tenant, workspace);
            String token = TestIdentityTokens.token(tenant.value(), SUBJECT, "DEVELOPER");
            long[] direct;
            long[] node;
            try (Path path = directAttach(docker, containerId)) {
                direct = measure(path, keystrokes, warmup);
            }
            try (Path path = nodeSocket(port, workspace, token)) {
                node = measure(path, keystrokes, warmup);
            }
            System.out.println("B5 keystroke echo round trip, " + keystrokes + " keystrokes per path after "
                    + warmup + " warm-up, one at a time, raw-mode cat in a TTY (busybox), same run:");
            System.out.println(report("direct docker-java exec attach", direct));
            System.out.println(report("node WebSocket (this worker)  ", node));
            System.out.printf(Locale.ROOT, "added by the node: p50 %+.3f ms, p99 %+.3f ms%n",
                    (percentile(node, 50) - percentile(direct, 50)) / 1e6,
                    (percentile(node, 99) - percentile(direct, 99)) / 1e6);
        } finally {
            DockerTestSupport.removeWorkspaces(docker, List.of(workspace));
            context.close();
            querySide.close();
        }
    }

    private static long[] measure(Path path, int keystrokes, int warmup) throws Exception {
        path.send((byte) '\n');
        for (byte b : "stty raw -echo; exec cat\n".getBytes(StandardCharsets.US_ASCII)) {
            path.send(b);
        }
        // the shell has switched when a probe comes back alone
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

    private static void awaitQuiet(Path path) throws Exception {
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

    private static Path directAttach(DockerClient docker, String containerId) {
        String execId = docker.execCreateCmd(containerId).withTty(true).withAttachStdin(true).withAttachStdout(true)
                .withAttachStderr(true).withEnv(List.of("TERM=xterm-256color")).withCmd("/bin/sh").exec().getId();
        TerminalStdin stdin = new TerminalStdin(64 * 1024);
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).withTty(true).withDetach(false)
                .withStdIn(stdin).exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        for (byte b : frame.getPayload()) {
                            received.add(b);
                        }
                    }
                });
        return new Path() {
            @Override
            public void send(byte b) throws Exception {
                stdin.offer(new byte[] {b}, 5, TimeUnit.SECONDS);
            }

            @Override
            public BlockingQueue<Byte> received() {
                return received;
            }

            @Override
            public void close() {
                stdin.close();
                try {
                    callback.close();
                } catch (Exception e) {
                    // the container goes away with the bench
                }
            }
        };
    }

    private static Path nodeSocket(int port, WorkspaceId workspace, String token) {
        BlockingQueue<Byte> received = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .subprotocols(TerminalFrames.PROTOCOL).header(InternalIdentity.HEADER, token)
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v1/workspaces/" + workspace + "/terminal"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                                while (data.hasRemaining()) {
                                    received.add(data.get());
                                }
                                ws.request(1);
                                return null;
                            }
                        }).join();
        return new Path() {
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

    private static String report(String name, long[] sorted) {
        return String.format(Locale.ROOT, "  %s  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  max %.3f ms", name,
                percentile(sorted, 50) / 1e6, percentile(sorted, 90) / 1e6, percentile(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
