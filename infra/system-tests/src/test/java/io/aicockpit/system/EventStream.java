package io.aicockpit.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A server-sent event stream read over a real HTTP connection, as the web IDE reads it with fetch(): collects the
 * events (id, name, parsed data) on a thread of its own until closed.
 */
final class EventStream implements AutoCloseable {
    /** One received event. */
    record Event(long id, String name, JsonNode data) {}

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int status;
    final List<Event> events = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;

    private EventStream(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        if (status == 200) {
            Thread.ofVirtual().name("event-stream").start(this::read);
        }
    }

    static EventStream open(String url, Map<String, String> headers, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .GET();
        headers.forEach(request::header);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new EventStream(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    /** The events about one workspace, in arrival order. */
    List<Event> about(String workspaceId) {
        return events.stream().filter(event -> event.data().path("id").asText().equals(workspaceId)).toList();
    }

    boolean saw(String workspaceId, String status) {
        return about(workspaceId).stream().anyMatch(event -> event.data().path("status").asText().equals(status));
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(Long.parseLong(id), name, Platform.JSON.readTree(data.toString())));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data.append(value(line));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // closed by the test
        }
    }

    private static String value(String line) {
        String value = line.substring(line.indexOf(':') + 1);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    @Override
    public void close() {
        lines.close();
    }
}
