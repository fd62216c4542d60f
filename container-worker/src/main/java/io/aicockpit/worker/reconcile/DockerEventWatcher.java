package io.aicockpit.worker.reconcile;

import static io.aicockpit.worker.docker.WorkspaceContainerNames.LABEL_MANAGED;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import io.aicockpit.worker.docker.WorkspaceDocker;
import io.aicockpit.worker.periodic.PeriodicTask;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Drives the reconciler: a pass right after start-up, a pass every {@code interval}, and Docker's event stream of
 * managed containers ({@code die}: check that container now; {@code oom}: remember it; {@code destroy}: a container
 * removed by someone else than this node). The stream is reopened
 * after an error or the client's response timeout, replaying events since the last one seen, followed by a full
 * pass. All Docker inspection and reporting happens on one thread.
 */
class DockerEventWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DockerEventWatcher.class);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);
    /** After the Kafka listeners (default phase): reports need the producer, and stop first on shutdown. */
    private static final int PHASE = Integer.MAX_VALUE - 100;

    private final WorkspaceDocker docker;
    private final ContainerReconciler reconciler;
    private final Clock clock;
    /** The full passes; its thread is also the one for event-driven checks, so all Docker work stays on one. */
    private final PeriodicTask passes;
    private volatile boolean running;
    private volatile Closeable stream;
    /** Where a reopened stream resumes: Docker's time of the last event seen, in seconds. */
    private volatile long resumeFrom;

    DockerEventWatcher(WorkspaceDocker docker, ContainerReconciler reconciler, ReconcileProperties props,
                       Clock clock) {
        this.docker = docker;
        this.reconciler = reconciler;
        this.clock = clock;
        this.passes = new PeriodicTask("reconciler", Duration.ZERO, props.interval(), PHASE, reconciler::fullPass);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        resumeFrom = clock.instant().getEpochSecond();
        passes.start();
        openStream();
    }

    @Override
    public synchronized void stop() {
        running = false;
        closeStream();
        passes.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void openStream() {
        if (!running) {
            return;
        }
        try {
            stream = docker.client().eventsCmd()
                    .withEventTypeFilter(EventType.CONTAINER)
                    .withEventFilter("die", "oom", "destroy")
                    .withLabelFilter(Map.of(LABEL_MANAGED, "true"))
                    .withSince(Long.toString(resumeFrom))
                    .exec(new Listener());
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cannot open Docker's event stream; retrying");
            reopenLater();
        }
    }

    private void reopenLater() {
        if (!running) {
            return;
        }
        // false once stopped: nothing to reopen
        passes.runOnce(RECONNECT_DELAY, () -> {
            openStream();
            reconciler.fullPass();
        });
    }

    private void closeStream() {
        Closeable current = stream;
        stream = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException e) {
                log.atDebug().setCause(e).log("closing Docker's event stream failed");
            }
        }
    }

    private void safeCheck(String containerId) {
        try {
            reconciler.check(containerId);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("containerId", containerId).setCause(e)
                    .log("checking an exited container failed; the next pass tries again");
        }
    }

    private void safeRemoved(String containerId, Map<String, String> labels, Instant at) {
        try {
            reconciler.removed(containerId, labels, at);
        } catch (RuntimeException e) {
            log.atWarn().addKeyValue("containerId", containerId).setCause(e).log("reporting a removed container failed");
        }
    }

    private final class Listener extends ResultCallback.Adapter<Event> {
        @Override
        public void onNext(Event event) {
            String containerId = event.getId() != null ? event.getId()
                    : event.getActor() == null ? null : event.getActor().getId();
            if (containerId == null) {
                return;
            }
            if (event.getTime() != null) {
                resumeFrom = Math.max(resumeFrom, event.getTime());
            }
            String action = event.getAction() != null ? event.getAction() : event.getStatus();
            if ("oom".equals(action)) {
                reconciler.oomSeen(containerId, eventTime(event));
            } else if ("die".equals(action)) {
                submit(() -> safeCheck(containerId));
            } else if ("destroy".equals(action)) {
                Map<String, String> labels = event.getActor() == null ? null : event.getActor().getAttributes();
                Instant at = eventTime(event);
                submit(() -> safeRemoved(containerId, labels, at));
            }
        }

        private void submit(Runnable work) {
            // false while shutting down: the next start's pass finds the exit
            passes.runOnce(Duration.ZERO, work::run);
        }

        @Override
        public void onError(Throwable throwable) {
            if (running) {
                log.atWarn().addKeyValue("error", throwable.toString()).log("Docker's event stream failed; reopening");
                reopenLater();
            }
        }

        @Override
        public void onComplete() {
            if (running) {
                log.atDebug().log("Docker's event stream ended; reopening");
                reopenLater();
            }
        }

        private Instant eventTime(Event event) {
            if (event.getTimeNano() != null) {
                long nanos = event.getTimeNano();
                return Instant.ofEpochSecond(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
            }
            return event.getTime() == null ? null : Instant.ofEpochSecond(event.getTime());
        }
    }
}
