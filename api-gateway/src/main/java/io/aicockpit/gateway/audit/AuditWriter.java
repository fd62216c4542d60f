package io.aicockpit.gateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Moves audit records from requests into PostgreSQL without making requests wait for the database: requests put
 * records into a bounded queue, and one writer thread per gateway takes whatever is queued (up to
 * {@code batchSize}), waits up to {@code linger} for more, and stores them in one transaction, so batches grow with
 * load and a quiet gateway writes each record {@code linger} after it came. Chain order is the order records reach
 * the writer.
 *
 * <p>Stopping (a {@link SmartLifecycle} in a phase after the web server's) drains the queue completely before
 * the data source closes. A full queue makes the request wait up to {@code enqueueTimeout}; after that the record
 * is dropped, counted in {@code aicockpit.gateway.audit.records.dropped} and reported at ERROR, because a
 * silently missing audit record is worse than a visible one. A crash loses what is queued, as well as a batch still
 * lingering (records wait at most {@code linger} longer than without it).
 */
final class AuditWriter implements SmartLifecycle {
    /** After the web server stops (which finishes in-flight requests), before the data source closes. */
    static final int PHASE = 0;
    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private final AuditStore store;
    private final AuditPublisher publisher;
    private final AuditProperties properties;
    private final BlockingQueue<AuditRecord> queue;
    private final Counter written;
    private final Counter writeFailures;
    private final MeterRegistry meters;
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final AtomicLong nextDropReport = new AtomicLong(System.nanoTime());
    private volatile boolean accepting;
    private volatile boolean running;
    private volatile long stopDeadline;
    private Thread thread;

    AuditWriter(AuditStore store, AuditPublisher publisher, AuditProperties properties, MeterRegistry meters) {
        this.store = store;
        this.publisher = publisher;
        this.properties = properties;
        this.meters = meters;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.written = Counter.builder("aicockpit.gateway.audit.records.written")
                .description("Audit records stored").register(meters);
        this.writeFailures = Counter.builder("aicockpit.gateway.audit.write.failures")
                .description("Audit batches whose insert failed and was retried").register(meters);
        Gauge.builder("aicockpit.gateway.audit.queue.size", queue, BlockingQueue::size)
                .description("Audit records waiting for the writer").register(meters);
    }

    /** Queues a record for storage; false (and an ERROR) when it had to be dropped. */
    boolean offer(AuditRecord record) {
        if (!accepting) {
            drop(record, "stopped");
            return false;
        }
        try {
            if (queue.offer(record, properties.enqueueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop(record, "queue-full");
        return false;
    }

    int queued() {
        return queue.size();
    }

    private void drop(AuditRecord record, String reason) {
        meters.counter("aicockpit.gateway.audit.records.dropped", "reason", reason).increment();
        long dropped = droppedSinceReport.incrementAndGet();
        long now = System.nanoTime();
        long due = nextDropReport.get();
        // One ERROR per 10 s with the count, so an overload is reported without flooding the log.
        if (now - due >= 0 && nextDropReport.compareAndSet(due, now + Duration.ofSeconds(10).toNanos())) {
            droppedSinceReport.addAndGet(-dropped);
            log.atError().addKeyValue("reason", reason).addKeyValue("dropped", dropped)
                    .addKeyValue("tenantId", record.tenantId()).addKeyValue("requestId", record.requestId())
                    .log("audit records dropped");
        }
    }

    @Override
    public void start() {
        accepting = true;
        running = true;
        thread = Thread.ofPlatform().name("audit-writer").start(this::run);
    }

    @Override
    public void stop() {
        accepting = false;
        stopDeadline = System.nanoTime() + properties.shutdownTimeout().toNanos();
        running = false;
        try {
            thread.join(properties.shutdownTimeout().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!queue.isEmpty()) {
            log.atError().addKeyValue("lost", queue.size())
                    .log("audit queue not drained before the shutdown timeout; these records are lost");
        }
        publisher.close(properties.shutdownTimeout());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void run() {
        List<AuditRecord> batch = new ArrayList<>(properties.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                AuditRecord first = queue.poll(properties.flushInterval().toNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.batchSize() - 1);
                linger(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Lets records that come within {@code linger} of the batch's first join it: at 50 requests/s one transaction
     * (head lock, insert, head update, commit) then carries two or three records instead of one. Not while stopping.
     */
    private void linger(List<AuditRecord> batch) throws InterruptedException {
        long deadline = System.nanoTime() + properties.linger().toNanos();
        while (running && batch.size() < properties.batchSize()) {
            long left = deadline - System.nanoTime();
            AuditRecord next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, properties.batchSize() - batch.size());
        }
    }

    private void write(List<AuditRecord> batch) {
        List<AuditRecord> pending = batch;
        for (int attempt = 1; ; attempt++) {
            try {
                if (attempt > 1) {
                    Set<UUID> stored = store.existing(pending);
                    pending = pending.stream().filter(record -> !stored.contains(record.id())).toList();
                    if (pending.isEmpty()) {
                        return;
                    }
                }
                List<AuditRecord> chained = store.append(pending);
                written.increment(chained.size());
                publisher.publish(chained);
                return;
            } catch (RuntimeException e) {
                writeFailures.increment();
                if (!running && System.nanoTime() - stopDeadline > 0) {
                    log.atError().setCause(e).addKeyValue("lost", pending.size())
                            .log("audit batch could not be stored before the shutdown timeout; records lost");
                    return;
                }
                log.atError().addKeyValue("attempt", attempt).addKeyValue("records", pending.size())
                        .addKeyValue("error", e.toString()).log("audit batch not stored, retrying");
                LockSupport.parkNanos(properties.retryBackoff().toNanos());
            }
        }
    }
}
