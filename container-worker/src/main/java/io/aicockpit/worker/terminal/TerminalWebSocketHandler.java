package io.aicockpit.worker.terminal;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.tomcat.websocket.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The terminal socket once upgraded: attaches it to the session the handshake chose (replay first), passes binary
 * frames to the shell as input and JSON text frames as control ({@link TerminalFrames}), and detaches on close so
 * the grace period starts. Input blocks while the shell has not read earlier input, which holds back this
 * connection's reads and so the client.
 */
@Component
class TerminalWebSocketHandler extends AbstractWebSocketHandler {
    private static final String SOCKET = TerminalWebSocketHandler.class.getName() + ".socket";
    private static final Logger log = LoggerFactory.getLogger(TerminalWebSocketHandler.class);

    private final TerminalRegistry registry;
    private final TerminalProperties props;

    TerminalWebSocketHandler(TerminalRegistry registry, TerminalProperties props) {
        this.registry = registry;
        this.props = props;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession ws) {
        Map<String, Object> attributes = ws.getAttributes();
        TerminalSession session = (TerminalSession) attributes.get(TerminalHandshakeInterceptor.SESSION);
        if (ws instanceof StandardWebSocketSession standard) {
            // a client that stops reading fails the blocked send after this long, and is detached
            standard.getNativeSession().getUserProperties()
                    .put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, props.sendTimeout().toMillis());
        }
        // larger client frames close the socket with 1009 (message too big) instead of being buffered
        int maxFrame = (int) props.maxInputFrame().toBytes();
        ws.setBinaryMessageSizeLimit(maxFrame);
        ws.setTextMessageSizeLimit(maxFrame);
        TerminalSocket socket = new TerminalSocket(ws);
        attributes.put(SOCKET, socket);
        if (attributes.get(TerminalHandshakeInterceptor.RESIZE) instanceof int[] size) {
            session.resize(size[0], size[1]);
        }
        registry.attach(session, socket, Boolean.TRUE.equals(attributes.get(TerminalHandshakeInterceptor.REATTACHED)));
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession ws, BinaryMessage message) throws InterruptedException {
        ByteBuffer payload = message.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        TerminalSession session = session(ws);
        if (!session.input(bytes) && !session.exited()) {
            try (var context = TerminalLogContext.of(session)) {
                log.atWarn().addKeyValue("bytes", bytes.length)
                        .log("terminal input dropped: the shell did not read it in time");
            }
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession ws, TextMessage message) {
        TerminalSession session = session(ws);
        switch (TerminalFrames.parse(message.getPayload())) {
            case TerminalFrames.Resize resize -> session.resize(resize.cols(), resize.rows());
            case TerminalFrames.Ping ping -> ((TerminalSocket) ws.getAttributes().get(SOCKET))
                    .sendText(TerminalFrames.pong());
            case TerminalFrames.Unknown unknown -> log.atDebug().addKeyValue("reason", unknown.reason())
                    .log("terminal control frame ignored");
        }
    }

    @Override
    public void handleTransportError(WebSocketSession ws, Throwable exception) {
        log.atDebug().addKeyValue("reason", exception.toString()).log("terminal socket transport error");
    }

    @Override
    public void afterConnectionClosed(WebSocketSession ws, CloseStatus status) {
        if (ws.getAttributes().get(SOCKET) instanceof TerminalSocket socket) {
            registry.detach(session(ws), socket);
        }
    }

    private static TerminalSession session(WebSocketSession ws) {
        return (TerminalSession) ws.getAttributes().get(TerminalHandshakeInterceptor.SESSION);
    }
}
