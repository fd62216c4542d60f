package io.aicockpit.worker.terminal;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.web.socket.CloseStatus;

/**
 * One terminal: a shell bound to a tenant, workspace and caller, its replay buffer, and at most one attached
 * socket. Output always goes into the ring buffer and, when a socket is attached, to it; attaching replays the
 * buffer before any newer output. With no socket the shell keeps running until the registry's sweeper sees the
 * grace period pass. When the shell ends, the attached socket (or the next one to attach) gets the exit frame.
 */
final class TerminalSession implements TerminalShell.Listener {

    /** How the shell ended. */
    record Exit(Integer code, String reason) {}

    /** What a client may know about a terminal ({@code GET .../terminals}). */
    record View(String terminalId, Instant createdAt, boolean attached, int cols, int rows) {}

    /** Told when the shell ended, and whether a socket received the exit frame. */
    interface EndListener {
        void ended(TerminalSession session, Exit exit, boolean delivered);
    }

    final String id;
    final TenantId tenant;
    final WorkspaceId workspaceId;
    final String subject;
    final String containerId;
    final Instant createdAt;
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong bytesOut = new AtomicLong();
    private final Clock clock;
    private final EndListener endListener;
    private final TerminalMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final TerminalRingBuffer buffer;
    private volatile long lastActivityMillis;
    private volatile int cols;
    private volatile int rows;
    private TerminalShell shell;
    private TerminalSocket attached;
    private Instant detachedAt;
    private Exit exit;
    private String closeReason;

    TerminalSession(String id, TenantId tenant, WorkspaceId workspaceId, String subject, String containerId,
                    int cols, int rows, int bufferSize, Clock clock, TerminalMetrics metrics,
                    EndListener endListener) {
        this.id = id;
        this.tenant = tenant;
        this.workspaceId = workspaceId;
        this.subject = subject;
        this.containerId = containerId;
        this.cols = cols;
        this.rows = rows;
        this.buffer = new TerminalRingBuffer(bufferSize);
        this.clock = clock;
        this.endListener = endListener;
        this.metrics = metrics;
        this.createdAt = clock.instant();
        this.detachedAt = createdAt;
        this.lastActivityMillis = createdAt.toEpochMilli();
    }

    boolean ownedBy(TenantId tenant, WorkspaceId workspaceId, String subject) {
        return this.tenant.equals(tenant) && this.workspaceId.equals(workspaceId) && this.subject.equals(subject);
    }

    /** The shell runs; if a close was asked for meanwhile, it is killed now. */
    void started(TerminalShell shell) {
        boolean kill;
        lock.lock();
        try {
            this.shell = shell;
            kill = closeReason != null && exit == null;
        } finally {
            lock.unlock();
        }
        if (kill) {
            shell.kill();
        }
    }

    /**
     * Attaches a socket: sends the session frame and the replay, then (if the shell already ended) the exit frame.
     * A previously attached socket is closed with {@link TerminalSocket#TAKEN_OVER}.
     *
     * @return the exit when it was delivered here (the socket is closed then), else null
     */
    Exit attach(TerminalSocket socket, boolean reattached) {
        TerminalSocket previous;
        byte[] replay;
        Exit ended;
        lock.lock();
        try {
            previous = attached;
            attached = socket;
            detachedAt = null;
            replay = buffer.snapshot();
            ended = exit;
            // taken before the lock is released so live output waits until the replay is out
            socket.lockSends();
        } finally {
            lock.unlock();
        }
        try {
            if (previous != null) {
                previous.close(TerminalSocket.TAKEN_OVER);
            }
            socket.sendText(TerminalFrames.session(id, replay.length, reattached));
            if (replay.length > 0) {
                socket.sendBinary(replay);
            }
            if (ended != null) {
                socket.sendText(TerminalFrames.exit(ended.code(), ended.reason()));
            }
        } finally {
            socket.unlockSends();
        }
        if (ended != null) {
            detach(socket);
            socket.close(closeStatus(ended));
            return ended;
        }
        return null;
    }

    /** The socket went away; the grace period starts now unless another socket took over. */
    boolean detach(TerminalSocket socket) {
        lock.lock();
        try {
            if (attached != socket) {
                return false;
            }
            attached = null;
            detachedAt = clock.instant();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void output(byte[] bytes) {
        TerminalSocket target;
        lock.lock();
        try {
            buffer.append(bytes);
            target = attached;
        } finally {
            lock.unlock();
        }
        bytesOut.addAndGet(bytes.length);
        metrics.out(bytes.length);
        lastActivityMillis = clock.millis();
        if (target != null && !target.sendBinary(bytes)) {
            if (detach(target)) {
                target.close(TerminalSocket.TOO_SLOW);
            }
        }
    }

    @Override
    public void ended(Integer exitCode, String reason) {
        TerminalSocket target;
        Exit ended;
        lock.lock();
        try {
            if (exit != null) {
                return;
            }
            exit = new Exit(exitCode, closeReason != null ? closeReason : reason);
            ended = exit;
            target = attached;
        } finally {
            lock.unlock();
        }
        boolean delivered = false;
        if (target != null) {
            delivered = target.sendText(TerminalFrames.exit(ended.code(), ended.reason()));
            detach(target);
            target.close(closeStatus(ended));
        }
        endListener.ended(this, ended, delivered);
    }

    private static CloseStatus closeStatus(Exit exit) {
        return TerminalShell.STREAM_FAILED.equals(exit.reason()) ? CloseStatus.SERVER_ERROR : CloseStatus.NORMAL;
    }

    /**
     * Kills the shell; the exit frame will carry {@code reason}.
     *
     * @return false when the shell had already ended
     */
    boolean close(String reason) {
        TerminalShell toKill;
        lock.lock();
        try {
            if (exit != null) {
                return false;
            }
            if (closeReason == null) {
                closeReason = reason;
            }
            toKill = shell;
        } finally {
            lock.unlock();
        }
        if (toKill != null) {
            toKill.kill();
        }
        return true;
    }

    /** Passes input to the shell; false when the shell did not take it in time (it is dropped). */
    boolean input(byte[] bytes) throws InterruptedException {
        TerminalShell target = shell;
        if (target == null || exited()) {
            return false;
        }
        bytesIn.addAndGet(bytes.length);
        metrics.in(bytes.length);
        lastActivityMillis = clock.millis();
        boolean taken = target.write(bytes);
        if (!taken) {
            metrics.inputDropped(bytes.length);
        }
        return taken;
    }

    void resize(int cols, int rows) {
        this.cols = cols;
        this.rows = rows;
        TerminalShell target = shell;
        if (target != null && !exited()) {
            target.resize(cols, rows);
        }
    }

    /** Whether nobody has been attached for at least {@code grace} at {@code now}. */
    boolean expired(Instant now, Duration grace) {
        lock.lock();
        try {
            return attached == null && detachedAt != null && !detachedAt.plus(grace).isAfter(now);
        } finally {
            lock.unlock();
        }
    }

    boolean exited() {
        lock.lock();
        try {
            return exit != null;
        } finally {
            lock.unlock();
        }
    }

    boolean attached() {
        lock.lock();
        try {
            return attached != null;
        } finally {
            lock.unlock();
        }
    }

    /** Pings the attached socket, if any. */
    void ping() {
        TerminalSocket target;
        lock.lock();
        try {
            target = attached;
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.ping();
        }
    }

    /** When the user last typed or the shell last printed (or the terminal opened). */
    Instant lastActivity() {
        return Instant.ofEpochMilli(lastActivityMillis);
    }

    View view() {
        return new View(id, createdAt, attached(), cols, rows);
    }
}
