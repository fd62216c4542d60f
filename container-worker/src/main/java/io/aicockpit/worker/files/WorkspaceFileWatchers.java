package io.aicockpit.worker.files;

import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.support.problem.ProblemType;
import io.aicockpit.worker.ContainerWorkerProperties;
import io.aicockpit.worker.workspace.WorkspaceProblem;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The file change streams: one watcher per watched workspace, shared by all its subscribers and stopped when the
 * last one leaves. A watcher diffs a scan of the workspace every {@code files.changes-interval}: one docker exec of
 * {@code find /workspace -xdev ... -exec stat -c ...} as the workspace user (no inotify: busybox images have no
 * recursive watcher, and inotify handles run out in large trees). Deleted, created and modified (size, inode or
 * modification time changed) paths become {@code change} events; a directory whose own times change is not
 * reported, its entries are. The first scan is the baseline and happens before the stream opens, so nothing made
 * after a client subscribed is missed.
 */
@Component
class WorkspaceFileWatchers {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceFileWatchers.class);
    private static final String ROOT = "/workspace";
    private static final String TEMP_NAMES = ".aicockpit-*.tmp";
    /** Bytes of scan output kept per line on average, to bound one scan's output. */
    private static final int BYTES_PER_ENTRY = 512;
    private static final int MAX_FAILURES = 3;

    private final WorkspaceFileShell shell;
    private final Clock clock;
    private final Duration interval;
    private final Duration heartbeat;
    private final int maxEntries;
    private final int maxStreams;
    private final List<String> excluded;
    /** Keyed by container id: a workspace started again gets a new container and a fresh watcher. */
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("workspace-file-watch-", 0).daemon(true).factory());

    WorkspaceFileWatchers(WorkspaceFileShell shell, ContainerWorkerProperties props, Clock clock) {
        this.shell = shell;
        this.clock = clock;
        this.interval = props.files().changesInterval();
        this.heartbeat = props.files().changesHeartbeat();
        this.maxEntries = props.files().changesMaxEntries();
        this.maxStreams = props.files().maxChangeStreams();
        this.excluded = props.files().changesExcluded();
    }

    /** One scanned path: what a change is judged by. */
    record Seen(boolean directory, String signature) {}

    /** One event of the stream, serialized as {@code {"type":"created","path":"src/a.txt"}}. */
    record Change(String type, String path) {}

    /** A scan: path (relative) to what was seen; {@code complete} false when it stopped at the entry cap. */
    record Scan(Map<String, Seen> entries, boolean complete) {}

    /**
     * Adds a stream to the workspace's watcher, starting it (and taking its baseline) when it is the first; 429
     * above {@code files.max-change-streams}, 409 when the container does not run.
     */
    void subscribe(WorkspaceId workspaceId, String containerId, SseEmitter emitter) {
        Watcher watcher;
        synchronized (watchers) {
            Watcher existing = watchers.get(containerId);
            if (existing == null || existing.stopped) {
                // a watcher ended by a stopped container may linger until its streams complete
                existing = new Watcher(workspaceId, containerId);
                watchers.put(containerId, existing);
            }
            if (existing.emitters.size() >= maxStreams) {
                throw WorkspaceProblem.tooMany(ProblemType.TOO_MANY_CHANGE_STREAMS,
                        "This workspace has as many change streams open on this node as it may; close one.", 5);
            }
            existing.emitters.add(emitter);
            watcher = existing;
        }
        Runnable leave = () -> leave(watcher, emitter);
        emitter.onCompletion(leave);
        // completing at the time limit ends the stream normally instead of raising an async timeout error
        emitter.onTimeout(() -> {
            leave.run();
            emitter.complete();
        });
        emitter.onError(e -> leave.run());
        try {
            watcher.start();
        } catch (RuntimeException e) {
            leave(watcher, emitter);
            throw e;
        }
    }

    /** How many workspaces are watched right now (for tests and metrics). */
    int watched() {
        return watchers.size();
    }

    private void leave(Watcher watcher, SseEmitter emitter) {
        synchronized (watchers) {
            watcher.emitters.remove(emitter);
            if (watcher.emitters.isEmpty()) {
                watchers.remove(watcher.containerId, watcher);
                watcher.stop();
            }
        }
    }

    @PreDestroy
    void shutdown() {
        scheduler.shutdownNow();
        watchers.values().forEach(w -> w.emitters.forEach(SseEmitter::complete));
    }

    /** {@code find} as argv: the excluded directory names pruned, the API's own temporary files left out. */
    List<String> scanCommand() {
        List<String> find = new ArrayList<>(List.of("sh", "-c",
                "m=$1; shift; find \"$@\" 2>/dev/null | head -n \"$m\"", "aicockpit-scan",
                String.valueOf(maxEntries + 1), ROOT, "-xdev"));
        if (!excluded.isEmpty()) {
            find.add("(");
            for (int i = 0; i < excluded.size(); i++) {
                if (i > 0) {
                    find.add("-o");
                }
                find.addAll(List.of("-name", excluded.get(i)));
            }
            find.addAll(List.of(")", "-prune", "-o"));
        }
        find.addAll(List.of("!", "-name", TEMP_NAMES, "-exec", "stat", "-c", "%f|%s|%i|%y|%n", "{}", "+"));
        return find;
    }

    Scan scan(String containerId) {
        WorkspaceFileShell.Result result = shell.run(containerId, null, (maxEntries + 1) * BYTES_PER_ENTRY,
                interval.plusSeconds(30), scanCommand());
        Map<String, Seen> entries = new HashMap<>();
        List<String> lines = result.lines();
        for (String line : lines) {
            String[] parts = line.split("\\|", 5);
            if (parts.length != 5 || !parts[4].startsWith(ROOT + "/")) {
                continue;
            }
            boolean directory;
            try {
                directory = (Long.parseLong(parts[0], 16) & 0170000) == 0040000;
            } catch (NumberFormatException e) {
                continue;
            }
            entries.put(parts[4].substring(ROOT.length() + 1),
                    new Seen(directory, parts[1] + "|" + parts[2] + "|" + parts[3]));
        }
        return new Scan(entries, lines.size() <= maxEntries && !result.stdoutTruncated());
    }

    /** The events between two scans; deletions only when the new scan was complete. */
    static List<Change> diff(Map<String, Seen> before, Scan after) {
        List<Change> events = new ArrayList<>();
        for (Map.Entry<String, Seen> e : after.entries().entrySet()) {
            Seen old = before.get(e.getKey());
            if (old == null) {
                events.add(new Change("created", e.getKey()));
            } else if (!old.signature().equals(e.getValue().signature())
                    && !(old.directory() && e.getValue().directory())) {
                events.add(new Change("modified", e.getKey()));
            }
        }
        if (after.complete()) {
            for (String path : before.keySet()) {
                if (!after.entries().containsKey(path)) {
                    events.add(new Change("deleted", path));
                }
            }
        }
        events.sort(java.util.Comparator.comparing(Change::path));
        return events;
    }

    /** One watched workspace. */
    private final class Watcher {
        final WorkspaceId workspaceId;
        final String containerId;
        final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
        private Map<String, Seen> known;
        private ScheduledFuture<?> task;
        private Instant lastSent;
        private int failures;
        private volatile boolean stopped;

        Watcher(WorkspaceId workspaceId, String containerId) {
            this.workspaceId = workspaceId;
            this.containerId = containerId;
        }

        /** Takes the baseline and schedules the rounds, once. */
        synchronized void start() {
            if (known != null || stopped) {
                return;
            }
            known = scan(containerId).entries();
            lastSent = clock.instant();
            task = scheduler.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            int entries = known.size();
            inMdc(() -> log.atInfo().addKeyValue("entries", entries).log("workspace file watch started"));
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (task != null) {
                task.cancel(false);
                inMdc(() -> log.atInfo().log("workspace file watch stopped"));
            }
        }

        /**
         * Logs with this workspace in the MDC: request threads have it there already (and a second
         * {@code workspaceId} key would break the JSON log line), scheduler threads do not.
         */
        private void inMdc(Runnable logging) {
            if (MDC.get("workspaceId") != null) {
                logging.run();
                return;
            }
            MDC.put("workspaceId", workspaceId.toString());
            try {
                logging.run();
            } finally {
                MDC.remove("workspaceId");
            }
        }

        /** One scheduled round; never throws, since a throwing task would silently stop being scheduled. */
        private synchronized void round() {
            inMdc(() -> {
                try {
                    diffAndSend();
                } catch (RuntimeException e) {
                    log.atWarn().setCause(e).log("workspace file watch round failed");
                }
            });
        }

        private void diffAndSend() {
            if (stopped) {
                return;
            }
            Scan scan;
            try {
                scan = scan(containerId);
                failures = 0;
            } catch (WorkspaceProblem problem) {
                if (problem.type.status() == 409 || ++failures >= MAX_FAILURES) {
                    // the container stopped or went away: end the streams, clients reconnect and get a 409
                    log.atInfo().addKeyValue("problem", problem.type.kind())
                            .log("workspace file watch ended");
                    emitters.forEach(SseEmitter::complete);
                    stop();
                }
                return;
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("workspace file scan failed");
                return;
            }
            List<Change> events = diff(known, scan);
            if (scan.complete()) {
                known = scan.entries();
            } else {
                known = new HashMap<>(known);
                known.putAll(scan.entries());
            }
            Instant now = clock.instant();
            boolean beat = !Duration.between(lastSent, now).minus(heartbeat).isNegative();
            if (events.isEmpty() && !beat) {
                return;
            }
            lastSent = now;
            for (SseEmitter emitter : emitters) {
                try {
                    if (events.isEmpty()) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    }
                    for (Change event : events) {
                        emitter.send(SseEmitter.event().name("change").data(event, MediaType.APPLICATION_JSON));
                    }
                } catch (IOException | IllegalStateException e) {
                    // the client went away: end it quietly (an error here is no fault of the node); completion
                    // removes it
                    emitter.complete();
                }
            }
        }
    }
}
