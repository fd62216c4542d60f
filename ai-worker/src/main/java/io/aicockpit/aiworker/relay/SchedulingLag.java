package io.aicockpit.aiworker.relay;

import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.EventExecutor;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.stereotype.Component;
import reactor.netty.http.HttpResources;

/**
 * How late this process gets to run its work: every {@value #TICK_MILLIS} ms a thread records how much later than
 * asked it woke, and how long a task handed to each HTTP event loop waited before it ran. When the machine or the
 * worker is saturated, threads wait for a core and event loops fall behind, and a timer that fires "no byte from the
 * upstream in time" may simply have run before the event loop could read the byte that was there. {@link UpstreamClient} asks this before blaming the upstream for a first-byte timeout, so our own
 * saturation never opens a healthy service's circuit.
 */
@Component
class SchedulingLag {
    static final long TICK_MILLIS = 50;
    /** Ticks remembered: about the last two seconds. */
    private static final int WINDOW = 40;

    private final AtomicLongArray lagNanos = new AtomicLongArray(WINDOW);
    private final Thread ticker;
    private volatile boolean running = true;

    SchedulingLag() {
        ticker = Thread.ofPlatform().daemon().name("scheduling-lag").start(this::tick);
    }

    private void tick() {
        int slot = 0;
        while (running) {
            long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            int at = slot;
            lagNanos.set(at, Math.max(0, System.nanoTime() - due));
            for (EventExecutor loop : HttpResources.get().onClient(Epoll.isAvailable())) {
                long submitted = System.nanoTime();
                loop.execute(() -> lagNanos.accumulateAndGet(at, System.nanoTime() - submitted, Math::max));
            }
            slot = (slot + 1) % WINDOW;
        }
    }

    /** The largest delay seen over the last two seconds or so. */
    Duration recentMax() {
        long max = 0;
        for (int i = 0; i < WINDOW; i++) {
            max = Math.max(max, lagNanos.get(i));
        }
        return Duration.ofNanos(max);
    }

    @PreDestroy
    void stop() {
        running = false;
        ticker.interrupt();
    }
}
