package io.aicockpit.worker.terminal;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.identity.InternalIdentity;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket client of the terminal (JDK {@code java.net.http.WebSocket}) that records everything: text
 * frames as JSON, binary frames as one byte stream, pings and the close.
 */
final class TerminalTestClient implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> controls = new CopyOnWriteArrayList<>();
    final AtomicInteger pings = new AtomicInteger();
    /** While set, the client stops reading binary frames, like a browser tab that hangs. */
    volatile boolean stalled;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringBuilder partialText = new StringBuilder();
    private final CompletableFuture<int[]> closed = new CompletableFuture<>();
    private volatile String closeReason;
    WebSocket socket;

    static TerminalTestClient connect(HttpClient http, URI uri, String token) {
        TerminalTestClient client = new TerminalTestClient();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .subprotocols(TerminalFrames.PROTOCOL);
        if (token != null) {
            builder.header(InternalIdentity.HEADER, token);
        }
        client.socket = builder.buildAsync(uri, client).orTimeout(30, TimeUnit.SECONDS).join();
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        synchronized (this) {
            partialText.append(data);
            if (last) {
                try {
                    controls.add(JSON.readTree(partialText.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partialText.setLength(0);
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        synchronized (this) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            output.writeBytes(bytes);
        }
        if (!stalled) {
            ws.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(ws, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(new int[] {statusCode});
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(new int[] {-1});
    }

    synchronized String text() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The last {@code bytes} of output as text, cheap to poll while megabytes arrive. */
    synchronized String tail(int bytes) {
        byte[] all = output.toByteArray();
        int from = Math.max(0, all.length - bytes);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    synchronized int outputBytes() {
        return output.size();
    }

    void type(String input) {
        socket.sendBinary(ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)), true).orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    void control(String json) {
        socket.sendText(json, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Waits for the first control frame of a type. */
    JsonNode awaitControl(String type) {
        return await().atMost(WAIT).until(() -> controls.stream().filter(c -> type.equals(c.path("type").asText()))
                .findFirst().orElse(null), c -> c != null);
    }

    void awaitOutput(String regex) {
        await().atMost(WAIT).until(() -> text().matches("(?s).*" + regex + ".*"));
    }

    /** The close code once the server closed, within the wait. */
    int awaitClose() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()[0];
    }

    String closeReason() {
        return closeReason;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    void drop() {
        socket.abort();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.abort();
        }
    }
}
