package io.aicockpit.worker.terminal;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.periodic.PeriodicTask;
import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's terminals by id. Opens shells within the per-caller and per-node caps, finds a caller's own terminal
 * for reattach, lists and closes them, and (on a {@link Clock}-driven schedule) kills shells whose grace period
 * passed with no socket attached and pings attached sockets. On shutdown every shell is killed, so none outlives
 * the node that could reach it.
 */
@Component
class TerminalRegistry implements SmartLifecycle, TerminalSession.EndListener {
    static final String GRACE_EXPIRED = "grace period expired";
    static final String CLOSED = "terminal closed";
    static final String SHUTTING_DOWN = "node shutting down";
    static final int RETRY_AFTER_SECONDS = 30;
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(TerminalRegistry.class);

    private final ConcurrentHashMap<String, TerminalSession> sessions = new ConcurrentHashMap<>();
    private final TerminalShell.Launcher launcher;
    private final TerminalProperties props;
    private final Clock clock;
    private final TerminalMetrics metrics;
    /** A thread each: a ping waits for nothing, but a close in the sweep waits for a kill in the container. */
    private final PeriodicTask sweeps;
    private final PeriodicTask pings;

    TerminalRegistry(TerminalShell.Launcher launcher, TerminalProperties props, Clock clock, MeterRegistry meters) {
        this.launcher = launcher;
        this.props = props;
        this.clock = clock;
        this.metrics = new TerminalMetrics(meters, this::live,
                () -> sessions.values().stream().filter(TerminalSession::attached).count());
        this.sweeps = new PeriodicTask("terminal-sweep", props.sweepInterval(), props.sweepInterval(), DEFAULT_PHASE,
                this::sweep);
        this.pings = new PeriodicTask("terminal-ping", props.pingInterval(), props.pingInterval(), DEFAULT_PHASE,
                this::pingAll);
    }

    TerminalMetrics metrics() {
        return metrics;
    }

    /**
     * Starts a shell for the caller in the workspace's container.
     *
     * @throws WorkspaceAccessCheck.Refused 429 {@code too-many-terminals} beyond the caps; 409/502 when Docker refuses
     */
    TerminalSession open(WorkspaceAccessCheck.Granted granted, int cols, int rows) {
        TerminalSession session;
        String subject = granted.caller().subject();
        synchronized (this) {
            requireRoom(granted.caller().tenantId(), subject);
            session = new TerminalSession(UUID.randomUUID().toString(), granted.caller().tenantId(),
                    granted.workspaceId(), subject, granted.containerId(), cols, rows,
                    (int) props.bufferSize().toBytes(), clock, metrics, this);
            sessions.put(session.id, session);
        }
        try {
            session.started(launcher.start(granted.containerId(), session.id, cols, rows, session));
        } catch (RuntimeException e) {
            sessions.remove(session.id);
            throw e;
        }
        metrics.opened();
        try (var context = TerminalLogContext.of(session)) {
            log.atInfo().addKeyValue("cols", cols).addKeyValue("rows", rows).log("terminal opened");
        }
        return session;
    }

    /** Refuses with 429 when the caller or the node holds as many live terminals as allowed. */
    synchronized void requireRoom(TenantId tenant, String subject) {
        long mine = sessions.values().stream()
                .filter(s -> !s.exited() && s.tenant.equals(tenant) && s.subject.equals(subject)).count();
        if (mine >= props.maxPerUser()) {
            throw new WorkspaceAccessCheck.Refused(ProblemType.TOO_MANY_TERMINALS, "You have " + mine
                    + " open terminals on this node, the most allowed; close one first.", RETRY_AFTER_SECONDS);
        }
        if (live() >= props.maxPerNode()) {
            throw new WorkspaceAccessCheck.Refused(ProblemType.TOO_MANY_TERMINALS,
                    "This node runs as many terminals as it may; retry later.", RETRY_AFTER_SECONDS);
        }
    }

    /** The caller's own terminal in this workspace (live, or ended but not yet collected). */
    Optional<TerminalSession> find(TenantId tenant, WorkspaceId workspaceId, String subject, String terminalId) {
        TerminalSession session = terminalId == null ? null : sessions.get(terminalId);
        return session != null && session.ownedBy(tenant, workspaceId, subject) ? Optional.of(session)
                : Optional.empty();
    }

    /** The caller's live terminals in this workspace, oldest first. */
    List<TerminalSession.View> list(TenantId tenant, WorkspaceId workspaceId, String subject) {
        return sessions.values().stream().filter(s -> !s.exited() && s.ownedBy(tenant, workspaceId, subject))
                .map(TerminalSession::view)
                .sorted(Comparator.comparing(TerminalSession.View::createdAt)
                        .thenComparing(TerminalSession.View::terminalId))
                .toList();
    }

    /** Kills the terminal's shell and forgets it; an attached socket gets the exit frame. */
    void close(TerminalSession session, String reason) {
        sessions.remove(session.id, session);
        try (var context = TerminalLogContext.of(session)) {
            if (session.close(reason)) {
                log.atInfo().addKeyValue("reason", reason).log("terminal closing");
            }
        }
    }

    /** Attaches a socket; a terminal whose exit it delivered is forgotten. */
    void attach(TerminalSession session, TerminalSocket socket, boolean reattached) {
        TerminalSession.Exit delivered = session.attach(socket, reattached);
        try (var context = TerminalLogContext.of(session)) {
            log.atInfo().addKeyValue("reattached", reattached).addKeyValue("ended", delivered != null)
                    .log("terminal attached");
        }
        if (delivered != null) {
            sessions.remove(session.id, session);
        }
    }

    void detach(TerminalSession session, TerminalSocket socket) {
        if (session.detach(socket)) {
            try (var context = TerminalLogContext.of(session)) {
                log.atInfo().addKeyValue("gracePeriod", props.gracePeriod().toString()).log("terminal detached");
            }
        }
    }

    @Override
    public void ended(TerminalSession session, TerminalSession.Exit exit, boolean delivered) {
        if (delivered) {
            sessions.remove(session.id, session);
        }
        metrics.ended(exit.reason());
        try (var context = TerminalLogContext.of(session)) {
            log.atInfo().addKeyValue("exitCode", exit.code()).addKeyValue("reason", exit.reason())
                    .addKeyValue("durationMs", Duration.between(session.createdAt, clock.instant()).toMillis())
                    .addKeyValue("bytesIn", session.bytesIn.get()).addKeyValue("bytesOut", session.bytesOut.get())
                    .log("terminal ended");
        }
    }

    /** Kills shells (and forgets ended terminals) that nobody attached within the grace period. */
    void sweep() {
        var now = clock.instant();
        for (TerminalSession session : sessions.values()) {
            if (session.expired(now, props.gracePeriod())) {
                if (session.exited()) {
                    sessions.remove(session.id, session);
                } else {
                    close(session, GRACE_EXPIRED);
                }
            }
        }
    }

    /** The latest terminal input or output in a workspace on this node, if it has live terminals. */
    Optional<Instant> lastActivity(WorkspaceId workspaceId) {
        return sessions.values().stream().filter(s -> !s.exited() && s.workspaceId.equals(workspaceId))
                .map(TerminalSession::lastActivity).max(Comparator.naturalOrder());
    }

    void pingAll() {
        sessions.values().forEach(TerminalSession::ping);
    }

    long live() {
        return sessions.values().stream().filter(s -> !s.exited()).count();
    }

    @Override
    public synchronized void start() {
        sweeps.start();
        pings.start();
    }

    @Override
    public synchronized void stop() {
        sweeps.stop();
        pings.stop();
        // each kill is a Docker exec of its own; run them side by side so shutdown stays short
        List<Thread> kills = sessions.values().stream()
                .map(session -> Thread.ofVirtual().start(() -> close(session, SHUTTING_DOWN))).toList();
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Thread kill : kills) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !kill.join(Duration.ofNanos(left))) {
                    log.atWarn().log("terminal shells still being killed at shutdown; leaving them");
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return sweeps.isRunning();
    }
}
