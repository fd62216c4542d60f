package io.aicockpit.query.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream over a real HTTP connection, as the browser's fetch() would: collects the
 * {@code workspace} events (id and parsed data) and counts comment lines, on a thread of its own until closed.
 */
final class EventStreamClient implements AutoCloseable {
    /** One received event. */
    record Event(long id, String name, JsonNode data) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int status;
    final String contentType;
    final String body;
    final List<Event> events = new CopyOnWriteArrayList<>();
    private volatile Stream<String> lines;
    private final Thread reader;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.contentType = response.headers().firstValue("Content-Type").orElse("");
        if (status != 200) {
            this.body = String.join("\n", response.body().toList());
            this.reader = null;
            return;
        }
        this.body = null;
        this.lines = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static EventStreamClient open(URI uri, String identityToken, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .header("X-AiCockpit-Identity", identityToken).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events about one workspace, in arrival order. */
    List<Event> about(Object workspaceId) {
        return events.stream().filter(event -> event.data().path("id").asText().equals(workspaceId.toString()))
                .toList();
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(Long.parseLong(id), name, JSON.readTree(data.toString())));
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
        if (lines != null) {
            lines.close();
        }
    }
}
