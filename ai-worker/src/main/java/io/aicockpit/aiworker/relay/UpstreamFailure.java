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
        UNUSABLE
    }

    final Kind kind;
    final int status;
    final String upstreamBody;
    /** The upstream's {@code Retry-After} (a 429's or 503's), passed on to the client; null when absent. */
    final String retryAfter;

    UpstreamFailure(Kind kind, int status, String message, String upstreamBody, String retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
        this.upstreamBody = upstreamBody;
        this.retryAfter = retryAfter;
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

    /** A client error or a misconfiguration says nothing about the service's health. */
    boolean countsAgainstService() {
        return kind != Kind.CLIENT_ERROR && kind != Kind.UNUSABLE;
    }
}
