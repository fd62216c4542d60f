import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal terminal client for a workspace's shell through the gateway (docs/terminal.md), run as a single-file
 * program by infra/scripts/terminal.sh, which puts the local tty in raw mode first. Keystrokes go up as binary
 * frames, the shell's output comes back as binary frames, control messages are small JSON text frames.
 *
 * <p>Input that ends (stdin from a here-doc or a pipe) ends the shell with Ctrl+D once it has run what it got.
 *
 * <p>Arguments: gateway base URL (http://localhost:8080), workspace id, bearer token, cols, rows, and optionally a
 * terminal id to reattach to. Prints the terminal id on exit so the session can be resumed within its grace period.
 */
public class TerminalClient {
    private static final Pattern TERMINAL_ID = Pattern.compile("\"terminalId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: TerminalClient <gateway-url> <workspace-id> <token> <cols> <rows> [terminal-id]");
            System.exit(2);
        }
        String base = args[0].replaceFirst("^http", "ws");
        String query = "?cols=" + Integer.parseInt(args[3]) + "&rows=" + Integer.parseInt(args[4])
                + (args.length > 5 && !args[5].isBlank() ? "&terminalId=" + args[5] : "");
        URI uri = URI.create(base + "/api/v1/workspaces/" + args[1] + "/terminal" + query);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        CountDownLatch closed = new CountDownLatch(1);
        String[] terminalId = {args.length > 5 ? args[5] : null};
        String[] exitReason = {null};

        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                out.write(bytes, 0, bytes.length);
                out.flush();
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    Matcher type = TYPE.matcher(message);
                    String kind = type.find() ? type.group(1) : "";
                    Matcher id = TERMINAL_ID.matcher(message);
                    if ("session".equals(kind) && id.find()) {
                        terminalId[0] = id.group(1);
                    } else if ("exit".equals(kind)) {
                        exitReason[0] = message;
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                if (exitReason[0] == null && status != WebSocket.NORMAL_CLOSURE) {
                    exitReason[0] = "closed " + status + (reason.isEmpty() ? "" : ": " + reason);
                }
                closed.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                exitReason[0] = "error: " + error;
                closed.countDown();
            }
        };

        WebSocket socket;
        try {
            socket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + args[2])
                    .subprotocols("aicockpit.terminal.v1")
                    .buildAsync(uri, listener).join();
        } catch (CompletionException e) {
            System.err.println("\r\ncould not open the terminal: " + e.getCause());
            System.exit(1);
            return;
        }
        Thread keys = new Thread(() -> pump(System.in, socket), "keys");
        keys.setDaemon(true);
        keys.start();
        closed.await();
        System.err.print("\r\n");
        if (exitReason[0] != null) {
            System.err.print("terminal ended: " + exitReason[0] + "\r\n");
        } else if (terminalId[0] != null) {
            System.err.print("terminal " + terminalId[0] + " detached\r\n");
        }
        System.exit(0);
    }

    private static void pump(InputStream in, WebSocket socket) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                // Ctrl+] detaches and leaves the shell running on the node, like telnet's escape
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == 0x1d) {
                        socket.sendClose(WebSocket.NORMAL_CLOSURE, "detached").join();
                        return;
                    }
                }
                socket.sendBinary(ByteBuffer.wrap(buffer, 0, n).asReadOnlyBuffer(), true).join();
            }
            // input ended (a here-doc or a pipe, not a tty): end the shell as Ctrl+D on an empty line does, so
            // the client leaves once the shell has run everything it was given, like `ssh host < script`
            socket.sendBinary(ByteBuffer.wrap(new byte[] {0x04}), true).join();
        } catch (IOException | CompletionException e) {
            socket.abort();
        }
    }
}
