package io.aicockpit.worker.terminal;

import java.util.Arrays;

/**
 * The last {@code capacity} bytes a terminal printed, replayed to a socket that (re)attaches. Fixed memory per
 * terminal whatever the shell prints; when it wraps, the replay starts at the next UTF-8 character boundary so the
 * first character is never half a code point. Not thread-safe: the session guards it.
 */
final class TerminalRingBuffer {
    private final byte[] ring;
    private int next;
    private long written;

    TerminalRingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new byte[capacity];
    }

    void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    void append(byte[] bytes, int offset, int length) {
        written += length;
        if (length >= ring.length) {
            System.arraycopy(bytes, offset + length - ring.length, ring, 0, ring.length);
            next = 0;
            return;
        }
        int first = Math.min(length, ring.length - next);
        System.arraycopy(bytes, offset, ring, next, first);
        System.arraycopy(bytes, offset + first, ring, 0, length - first);
        next = (next + length) % ring.length;
    }

    /** Everything still held, oldest first. */
    byte[] snapshot() {
        if (written <= ring.length) {
            return Arrays.copyOf(ring, (int) written);
        }
        byte[] out = new byte[ring.length];
        System.arraycopy(ring, next, out, 0, ring.length - next);
        System.arraycopy(ring, 0, out, ring.length - next, next);
        int start = 0;
        // a wrapped ring may begin inside a multi-byte character: skip its continuation bytes (at most 3)
        while (start < 3 && start < out.length && (out[start] & 0xC0) == 0x80) {
            start++;
        }
        return start == 0 ? out : Arrays.copyOfRange(out, start, out.length);
    }

    /** Bytes ever appended, held or not. */
    long written() {
        return written;
    }

    /** Bytes that fell out of the ring. */
    long dropped() {
        return Math.max(0, written - ring.length);
    }

    int capacity() {
        return ring.length;
    }
}
