package io.aicockpit.aiworker.relay;

/**
 * Why a call to an AI service failed, and so whether it may be retried, handed to the fallback or counted against
 * the service's circuit. Only failures before the first byte are retryable; once a byte reached the client the
 * answer cannot be restarted. Messages and bodies never contain the service's key (the client scrubs them).
 */
final class UpstreamFailure extends RuntimeException {
    enum Kind {
        /** No connection (refused, reset, DNS, connect timeout). */
        CONNECT,
        /** Connected, but no body byte within the first-byte timeout. */
        FIRST_BYTE_TIMEOUT,
        /** A 5xx answer. */
        SERVER_ERROR,
        /** A 4xx answer: the request or the service's settings are wrong, another attempt would fail the same way. */
        CLIENT_ERROR,
        /** Silence longer than the idle timeout after streaming began. */
        STALLED,
        /** The answer broke off or was not valid SSE/JSON after it began. */
        BROKEN,
        /** The service cannot be called at all (URL refused by the outbound guard, key unreadable). */
        UNUSABLE,
        /**
         * Not the service: this ai-worker had no connection to give the attempt in time (its pool to the service is
         * exhausted because the worker itself is saturated). Says nothing about the service's health.
         */
        SATURATED
    }

    final Kind kind;
    final int status;
    final String upstreamBody;
    /** The upstream's {@code Retry-After} (a 429's or 503's), passed on to the client; null when absent. */
    final String retryAfter;
    /**
     * A first-byte timeout while this process was itself starved of CPU (see {@link SchedulingLag}): the upstream
     * may well have answered in time, so it may be retried but does not count against the service.
     */
    final boolean whileSaturated;

    UpstreamFailure(Kind kind, int status, String message, String upstreamBody, String retryAfter) {
        this(kind, status, message, upstreamBody, retryAfter, false);
    }

    private UpstreamFailure(Kind kind, int status, String message, String upstreamBody, String retryAfter,
                            boolean whileSaturated) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.upstreamBody = upstreamBody;
        this.retryAfter = retryAfter;
        this.whileSaturated = whileSaturated;
    }

    /** A first-byte timeout that fired while this process was saturated. */
    static UpstreamFailure firstByteTimeoutWhileSaturated() {
        return new UpstreamFailure(Kind.FIRST_BYTE_TIMEOUT, 0,
                "no first byte within the first-byte timeout while this relay was saturated", null, null, true);
    }

    UpstreamFailure(Kind kind, String message) {
        this(kind, 0, message, null, null);
    }

    boolean retryable() {
        return kind == Kind.CONNECT || kind == Kind.FIRST_BYTE_TIMEOUT || kind == Kind.SERVER_ERROR;
    }

    boolean beforeFirstByte() {
        return kind != Kind.STALLED && kind != Kind.BROKEN;
    }

    /** A client error, a misconfiguration or our own saturation says nothing about the service's health. */
    boolean countsAgainstService() {
        return kind != Kind.CLIENT_ERROR && kind != Kind.UNUSABLE && kind != Kind.SATURATED && !whileSaturated;
    }
}
