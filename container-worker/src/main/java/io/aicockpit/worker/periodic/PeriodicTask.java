package io.aicockpit.worker.periodic;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one piece of work on a daemon thread of its own, named after the task: first {@code firstRunAfter} after
 * {@link #start()}, then {@code interval} after each run ended (fixed delay, so a slow run never piles up behind
 * itself). A run that throws is logged and the next one still runs; {@link #stop()} interrupts the run in progress
 * and runs no more. As a bean it starts and stops in its {@code phase}; a lifecycle of its own may also hold one and
 * call {@link #start()} and {@link #stop()} itself.
 */
public final class PeriodicTask implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration firstRunAfter;
    private final Duration interval;
    private final int phase;
    private final Work work;
    private volatile ScheduledExecutorService thread;

    /** One run of the work; may throw, the next run follows anyway. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /**
     * @param name          the thread's name and the {@code task} key of its log lines
     * @param firstRunAfter from {@link #start()} to the first run; zero runs it right away
     * @param interval      from the end of one run to the start of the next; positive
     * @param phase         the {@link SmartLifecycle} phase, e.g. {@link SmartLifecycle#DEFAULT_PHASE}
     * @param work          what each run does
     */
    public PeriodicTask(String name, Duration firstRunAfter, Duration interval, int phase, Work work) {
        this.name = Objects.requireNonNull(name, "name");
        this.firstRunAfter = Objects.requireNonNull(firstRunAfter, "firstRunAfter");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.phase = phase;
        this.work = Objects.requireNonNull(work, "work");
        if (firstRunAfter.isNegative()) {
            throw new IllegalArgumentException(name + ": the first run cannot be before the start");
        }
        if (!interval.isPositive()) {
            throw new IllegalArgumentException(name + ": the interval must be positive");
        }
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name).daemon(true).factory());
        started.scheduleWithFixedDelay(() -> guarded(work), firstRunAfter.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        thread = started;
        log.atInfo().addKeyValue("task", name).addKeyValue("interval", interval).log("periodic task started");
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = thread;
        thread = null;
        if (current != null) {
            current.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return phase;
    }

    /**
     * Runs other work once on this task's thread, after {@code delay} and never beside a periodic run (for work that
     * must not race the periodic one, e.g. the reconciler's single Docker thread). Guarded like a periodic run.
     *
     * @return false when the task is stopped, so the work will not run
     */
    public boolean runOnce(Duration delay, Work once) {
        ScheduledExecutorService current = thread;
        if (current == null) {
            return false;
        }
        try {
            current.schedule(() -> guarded(once), delay.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopping) {
            return false;
        }
    }

    private void guarded(Work run) {
        try {
            run.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.atWarn().addKeyValue("task", name).setCause(e).log("periodic task failed; its next run follows");
        }
    }

    @Override
    public String toString() {
        return "PeriodicTask[" + name + " every " + interval + "]";
    }
}
