package io.aicockpit.worker.terminal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One client connection to a terminal. WebSocket sends must not overlap, and output must follow the replay in
 * order, so every send takes this socket's lock; sends block (the shell's output then waits, which is the
 * backpressure), and a send that fails or times out reports false so the session detaches the socket.
 */
final class TerminalSocket {
    /** A newer connection attached the terminal; clients should not reconnect on this code. */
    static final CloseStatus TAKEN_OVER = new CloseStatus(4001, "terminal attached by another connection");
    /** The client did not take output in time; reattaching replays what it missed. */
    static final CloseStatus TOO_SLOW = new CloseStatus(4002, "client too slow to take terminal output");
    private static final Logger log = LoggerFactory.getLogger(TerminalSocket.class);
    private static final int CHUNK = 32 * 1024;

    private final WebSocketSession ws;
    private final ReentrantLock sendLock = new ReentrantLock();

    TerminalSocket(WebSocketSession ws) {
        this.ws = ws;
    }

    String id() {
        return ws.getId();
    }

    /** Holds back every other send until {@link #unlockSends()}, so a replay cannot be overtaken by live output. */
    void lockSends() {
        sendLock.lock();
    }

    void unlockSends() {
        sendLock.unlock();
    }

    boolean sendBinary(byte[] bytes) {
        sendLock.lock();
        try {
            for (int offset = 0; offset < bytes.length; offset += CHUNK) {
                int length = Math.min(CHUNK, bytes.length - offset);
                ws.sendMessage(new BinaryMessage(ByteBuffer.wrap(bytes, offset, length)));
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("terminal output send failed");
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    boolean sendText(String json) {
        sendLock.lock();
        try {
            ws.sendMessage(new TextMessage(json));
            return true;
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("terminal control send failed");
            return false;
        } finally {
            sendLock.unlock();
        }
    }

    /** A WebSocket ping, skipped while output is being sent (the connection is evidently alive then). */
    void ping() {
        if (!sendLock.tryLock()) {
            return;
        }
        try {
            if (ws.isOpen()) {
                ws.sendMessage(new PingMessage());
            }
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("terminal ping failed");
        } finally {
            sendLock.unlock();
        }
    }

    void close(CloseStatus status) {
        try {
            ws.close(status);
        } catch (IOException | RuntimeException e) {
            log.atDebug().addKeyValue("reason", e.toString()).log("closing a terminal socket failed");
        }
    }
}
