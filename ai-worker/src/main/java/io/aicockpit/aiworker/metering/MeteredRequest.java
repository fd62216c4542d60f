package io.aicockpit.aiworker.metering;

import io.aicockpit.coreapi.aiservice.AiServiceId;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one AI request cost, collected while it runs. The relay feeds it token counts from the upstream's usage, or
 * character counts it can estimate tokens from when the upstream sends none; it never sees text. Finishing is
 * idempotent because a stream can end by completion, error and cancellation racing each other.
 */
public final class MeteredRequest {
    /** The estimate when the upstream reports no usage: about four characters per token, as OpenAI documents. */
    static final int CHARS_PER_TOKEN = 4;

    final String tenantId;
    final String userSubject;
    final String requestId;
    final String endpoint;
    final long startNanos = System.nanoTime();
    private final UsageMeter meter;
    private final AtomicBoolean finished = new AtomicBoolean();
    volatile String model;
    volatile AiServiceId aiServiceId;
    volatile long promptChars;
    volatile long completionChars;
    volatile long firstTokenNanos = -1;
    volatile long promptTokens = -1;
    volatile long completionTokens = -1;

    MeteredRequest(UsageMeter meter, String tenantId, String userSubject, String requestId, String endpoint) {
        this.meter = meter;
        this.tenantId = tenantId;
        this.userSubject = userSubject;
        this.requestId = requestId;
        this.endpoint = endpoint;
    }

    public void model(String model) {
        this.model = model;
    }

    public String model() {
        return model;
    }

    public void servedBy(AiServiceId aiServiceId) {
        this.aiServiceId = aiServiceId;
    }

    public String requestId() {
        return requestId;
    }

    public void promptChars(long chars) {
        this.promptChars = chars;
    }

    public void addCompletionChars(long chars) {
        this.completionChars += chars;
    }

    /** The first content reached the client (or, for a non-streamed answer, the upstream's first byte). */
    public void firstToken() {
        if (firstTokenNanos < 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    public void usage(long promptTokens, long completionTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
    }

    boolean usageReported() {
        return promptTokens >= 0 && completionTokens >= 0;
    }

    static long estimateTokens(long chars) {
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    /** Records the request once; later calls (a cancel after an error, say) are ignored. */
    public void finish(UsageOutcome outcome, int status) {
        if (finished.compareAndSet(false, true)) {
            meter.record(this, outcome, status, System.nanoTime());
        }
    }
}
