package io.aicockpit.query.workspace;

import io.aicockpit.coreapi.common.TenantId;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open status streams of this instance. A stream starts at a cursor (0, or the client's {@code Last-Event-ID})
 * and is pumped whenever its tenant's rows change: it reads the caller-visible rows with a {@code change_seq} above
 * its cursor from the read model (as the tenant, under row-level security) and sends each as an event whose id is
 * that {@code change_seq}. Wake-ups come from {@link WorkspaceChangeListener}'s notifications and from every
 * heartbeat, so a lost notification delays a change by at most one heartbeat. Pumps of one stream never overlap.
 */
@Component
class WorkspaceStatusStreams {
    static final String EVENT = "workspace";
    private static final Logger log = LoggerFactory.getLogger(WorkspaceStatusStreams.class);

    private final WorkspaceViewReader reader;
    private final WorkspaceStreamProperties properties;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();
    private final ExecutorService pumps = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("workspace-stream-", 0).factory());
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("workspace-stream-heartbeat").daemon().factory());

    WorkspaceStatusStreams(WorkspaceViewReader reader, WorkspaceStreamProperties properties) {
        this.reader = reader;
        this.properties = properties;
        long period = properties.heartbeat().toMillis();
        heartbeats.scheduleAtFixedRate(this::heartbeat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens a stream for the caller; refused with 429 above the per-user bound. */
    SseEmitter open(TenantId tenant, String subject, @Nullable String owner, long cursor) {
        String user = tenant.value() + "\u0000" + subject;
        int limit = properties.maxStreamsPerUser();
        boolean[] refused = {false};
        perUser.compute(user, (key, open) -> {
            int count = open == null ? 0 : open;
            refused[0] = count >= limit;
            return refused[0] ? open : count + 1;
        });
        if (refused[0]) {
            throw new TooManyStreamsException(limit);
        }
        SseEmitter emitter = new SseEmitter(0L); // no timeout: the stream lives until the client leaves
        Stream stream = new Stream(tenant, owner, user, emitter, cursor);
        emitter.onCompletion(() -> close(stream));
        emitter.onTimeout(() -> close(stream));
        emitter.onError(error -> close(stream));
        streams.add(stream);
        try {
            // commits the response headers now, so clients and proxies see the stream open before any change
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            close(stream);
            throw new UncheckedIOException(e);
        }
        wake(stream);
        return emitter;
    }

    /** The tenant's read model changed: every stream of it looks for new rows. */
    void changed(String tenant) {
        for (Stream stream : streams) {
            if (stream.tenant.value().equals(tenant)) {
                wake(stream);
            }
        }
    }

    /** Something may have been missed (the notification connection was down): every stream looks. */
    void changedAnywhere() {
        streams.forEach(this::wake);
    }

    int openStreams() {
        return streams.size();
    }

    private void wake(Stream stream) {
        if (stream.wanted.getAndIncrement() == 0) {
            pumps.execute(() -> drain(stream));
        }
    }

    private void drain(Stream stream) {
        int missed = 1;
        while (true) {
            try {
                pump(stream);
            } catch (IOException | IllegalStateException e) {
                // the client is gone (or the emitter completed); the container reports the rest
                end(stream, e);
                return;
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).addKeyValue("tenantId", stream.tenant).log("status stream failed");
                end(stream, e);
                return;
            }
            missed = stream.wanted.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void pump(Stream stream) throws IOException {
        while (stream.open) {
            List<WorkspaceViewReader.Change> changes = reader.changedSince(stream.tenant, stream.owner, stream.cursor,
                    !stream.fresh, properties.batchSize());
            for (WorkspaceViewReader.Change change : changes) {
                stream.emitter.send(SseEmitter.event().name(EVENT).id(Long.toString(change.changeSeq()))
                        .data(change.view(), MediaType.APPLICATION_JSON));
                stream.cursor = change.changeSeq();
            }
            if (changes.size() < properties.batchSize()) {
                stream.fresh = false;
                return;
            }
        }
    }

    private void heartbeat() {
        for (Stream stream : streams) {
            try {
                stream.emitter.send(SseEmitter.event().comment("heartbeat"));
                wake(stream);
            } catch (IOException | RuntimeException e) {
                // a failure must not escape: it would cancel the heartbeat schedule for every stream
                end(stream, e);
            }
        }
    }

    /** Ends a failed stream; an emitter whose request is already over refuses that too, which changes nothing. */
    private void end(Stream stream, Exception cause) {
        close(stream);
        try {
            stream.emitter.completeWithError(cause);
        } catch (RuntimeException alreadyOver) {
            log.atDebug().addKeyValue("reason", alreadyOver.getMessage()).log("status stream already over");
        }
    }

    private void close(Stream stream) {
        if (streams.remove(stream)) {
            stream.open = false;
            perUser.computeIfPresent(stream.user, (user, open) -> open == 1 ? null : open - 1);
        }
    }

    @PreDestroy
    void shutdown() {
        heartbeats.shutdownNow();
        for (Stream stream : streams) {
            close(stream);
            try {
                stream.emitter.complete();
            } catch (RuntimeException alreadyOver) {
                log.atDebug().addKeyValue("reason", alreadyOver.getMessage()).log("status stream already over");
            }
        }
        pumps.shutdownNow();
    }

    /** One client's stream; {@code cursor} and {@code fresh} are touched only by its (never overlapping) pumps. */
    private static final class Stream {
        final TenantId tenant;
        final @Nullable String owner;
        final String user;
        final SseEmitter emitter;
        final AtomicInteger wanted = new AtomicInteger();
        volatile long cursor;
        volatile boolean fresh;
        volatile boolean open = true;

        Stream(TenantId tenant, @Nullable String owner, String user, SseEmitter emitter, long cursor) {
            this.tenant = tenant;
            this.owner = owner;
            this.user = user;
            this.emitter = emitter;
            this.cursor = cursor;
            this.fresh = cursor == 0;
        }
    }
}
