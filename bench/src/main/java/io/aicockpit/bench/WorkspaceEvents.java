package io.aicockpit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The read model's live workspace stream ({@code GET /api/v1/workspaces/events} through the gateway), timestamped
 * on arrival: when a workspace was first seen in a status, and when a name was first seen. It is how B2 sees
 * RUNNING and B3 sees a rename reach the projection, without polling.
 */
final class WorkspaceEvents implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> statusSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> nameSeen = new ConcurrentHashMap<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile boolean open;

    WorkspaceEvents(HttpClient http, String gateway, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/workspaces/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        this.response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread.ofPlatform().daemon().name("workspace-events").start(this::read);
    }

    private void read() {
        try {
            HttpResponse<Stream<String>> answer = response.get(30, TimeUnit.SECONDS);
            open = answer.statusCode() == 200;
            answer.body().forEach(line -> {
                if (!line.startsWith("data:")) {
                    return;
                }
                long now = System.nanoTime();
                try {
                    JsonNode view = JSON.readTree(line.substring(5));
                    String id = view.path("id").asText();
                    statusSeen.putIfAbsent(id + "/" + view.path("status").asText(), now);
                    nameSeen.putIfAbsent(view.path("name").asText(), now);
                } catch (Exception e) {
                    // not a workspace view: ignore
                }
            });
        } catch (Exception e) {
            open = false;
        }
    }

    boolean open() {
        return open;
    }

    /** When the workspace was first seen in the status, waiting at most {@code timeout}; null if never. */
    Long awaitStatus(String workspaceId, String status, Duration timeout) throws InterruptedException {
        return await(statusSeen, workspaceId + "/" + status, timeout);
    }

    Long nameSeen(String name) {
        return nameSeen.get(name);
    }

    Long awaitName(String name, Duration timeout) throws InterruptedException {
        return await(nameSeen, name, timeout);
    }

    private static Long await(Map<String, Long> seen, String key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Long at = seen.get(key);
            if (at != null) {
                return at;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return seen.get(key);
    }

    @Override
    public void close() {
        response.cancel(true);
        response.thenAccept(r -> r.body().close());
    }
}
