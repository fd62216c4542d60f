package io.aicockpit.worker.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shell's stdin as docker-java's pump thread reads it, fed by the socket's input frames. Bounded: a writer waits
 * while the shell has not read earlier input (backpressure up to the client over TCP), and gives up after a timeout.
 * Used instead of {@code PipedInputStream}, which breaks ("write end dead") when the pooled thread that last wrote
 * ends. {@link #close()} ends the pump thread: {@link #read} then answers end of stream.
 */
final class TerminalStdin extends InputStream {
    private final byte[] buffer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private int head;
    private int count;
    private boolean closed;

    TerminalStdin(int capacity) {
        this.buffer = new byte[capacity];
    }

    /**
     * Queues all of {@code bytes} for the shell, waiting up to {@code timeout} for room.
     *
     * @return false when the input did not fit in time or stdin is closed; what fitted is kept
     */
    boolean offer(byte[] bytes, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            int offset = 0;
            while (offset < bytes.length) {
                if (closed) {
                    return false;
                }
                if (count == buffer.length) {
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = writable.awaitNanos(nanos);
                    continue;
                }
                int tail = (head + count) % buffer.length;
                int n = Math.min(bytes.length - offset, Math.min(buffer.length - count, buffer.length - tail));
                System.arraycopy(bytes, offset, buffer, tail, n);
                count += n;
                offset += n;
                readable.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (count == 0 && !closed) {
                readable.await();
            }
            if (count == 0) {
                return -1;
            }
            int n = Math.min(length, Math.min(count, buffer.length - head));
            System.arraycopy(buffer, head, target, offset, n);
            head = (head + n) % buffer.length;
            count -= n;
            writable.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
