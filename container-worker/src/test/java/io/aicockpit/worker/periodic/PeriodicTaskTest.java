package io.aicockpit.worker.periodic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;

/** The shared timer of container-worker's loops, on real threads. */
class PeriodicTaskTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<PeriodicTask> started = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(PeriodicTask::stop);
    }

    private PeriodicTask start(PeriodicTask task) {
        started.add(task);
        task.start();
        return task;
    }

    @Test
    void runsRightAwayThenAgainOnItsNamedThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        PeriodicTask task = start(new PeriodicTask("test-now", Duration.ZERO, Duration.ofMillis(50),
                SmartLifecycle.DEFAULT_PHASE, () -> threads.add(Thread.currentThread().getName())));

        await().atMost(WAIT).until(() -> threads.size() >= 3);
        assertThat(threads).allMatch("test-now"::equals);
        assertThat(task.isRunning()).isTrue();
        assertThat(task.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE);
    }

    @Test
    void waitsForItsFirstRunAfterTheStart() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        long startedAt = System.nanoTime();
        start(new PeriodicTask("test-later", Duration.ofMillis(500), Duration.ofHours(1), 0, ran::countDown));

        assertThat(ran.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void keepsRunningAfterARunThrows() {
        AtomicInteger runs = new AtomicInteger();
        start(new PeriodicTask("test-failing", Duration.ZERO, Duration.ofMillis(20), 0, () -> {
            if (runs.incrementAndGet() % 2 == 1) {
                throw new IllegalStateException("every other run fails");
            }
        }));

        await().atMost(WAIT).until(() -> runs.get() >= 4);
    }

    @Test
    void keepsRunningAfterARunThrowsACheckedException() {
        AtomicInteger runs = new AtomicInteger();
        start(new PeriodicTask("test-checked", Duration.ZERO, Duration.ofMillis(20), 0, () -> {
            runs.incrementAndGet();
            throw new java.io.IOException("refused");
        }));

        await().atMost(WAIT).until(() -> runs.get() >= 3);
    }

    @Test
    void stopInterruptsTheRunningRunAndRunsNoMore() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        PeriodicTask task = start(new PeriodicTask("test-stop", Duration.ZERO, Duration.ofMillis(10), 0, () -> {
            runs.incrementAndGet();
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }));
        assertThat(running.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        task.stop();

        assertThat(interrupted.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(task.isRunning()).isFalse();
        assertThat(task.runOnce(Duration.ZERO, runs::incrementAndGet)).as("refused once stopped").isFalse();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> runs.get() == 1);
    }

    @Test
    void startsAgainAfterAStop() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask task = start(new PeriodicTask("test-restart", Duration.ZERO, Duration.ofHours(1), 0,
                runs::incrementAndGet));
        await().atMost(WAIT).until(() -> runs.get() == 1);
        task.stop();

        task.start();

        await().atMost(WAIT).until(() -> runs.get() == 2);
    }

    @Test
    void runsOneOffWorkOnItsOwnThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        PeriodicTask task = start(new PeriodicTask("test-once", Duration.ofHours(1), Duration.ofHours(1), 0,
                () -> threads.add("periodic")));

        assertThat(task.runOnce(Duration.ZERO, () -> threads.add(Thread.currentThread().getName()))).isTrue();

        await().atMost(WAIT).until(() -> threads.equals(List.of("test-once")));
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new PeriodicTask("test-zero", Duration.ZERO, Duration.ZERO, 0, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test-zero");
    }
}
