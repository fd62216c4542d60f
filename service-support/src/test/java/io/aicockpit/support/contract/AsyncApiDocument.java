package io.aicockpit.support.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/events/asyncapi.yaml as the event contract tests read it: channels with their Kafka topic address (a
 * {@code {tenant}} parameter matches one tenant slug) and their messages, each with its header and payload schema.
 */
public final class AsyncApiDocument {
    public static final String FILE = "docs/events/asyncapi.yaml";

    /** One message of a channel: its name and its header and payload JSON schemas (maps, references resolved). */
    public record Message(String name, String contentType, Map<String, Object> headers,
                          Map<String, Object> payload) {
    }

    /** A channel: its id in the document, its topic address and its messages. */
    public record Channel(String id, String address, List<Message> messages) {
        /** Whether the topic is this channel's; a parameter ({@code {tenant}}, {@code {nodeId}}) is one name segment. */
        public boolean matches(String topic) {
            String regex = Pattern.quote(address).replaceAll("\\{[^}]+}", "\\\\E[A-Za-z0-9_-]+\\\\Q");
            return Pattern.matches(regex, topic);
        }

        public boolean isPerTenant() {
            return address.contains("{tenant}");
        }
    }

    private final Map<String, Object> root;
    private final List<Channel> channels = new ArrayList<>();

    private AsyncApiDocument(Map<String, Object> root) {
        this.root = root;
        ApiDocument.cast(root.get("channels")).forEach((id, value) -> {
            Map<String, Object> channel = ApiDocument.cast(value);
            List<Message> messages = new ArrayList<>();
            ApiDocument.cast(channel.getOrDefault("messages", Map.of())).forEach((name, message) -> {
                Map<String, Object> resolved = ApiDocument.cast(resolve(message));
                Object contentType = resolved.getOrDefault("contentType", root.get("defaultContentType"));
                messages.add(new Message(name, String.valueOf(contentType), resolved.containsKey("headers")
                        ? ApiDocument.cast(resolve(resolved.get("headers"))) : null,
                        ApiDocument.cast(resolve(resolved.get("payload")))));
            });
            channels.add(new Channel(id, String.valueOf(channel.get("address")), List.copyOf(messages)));
        });
    }

    public static AsyncApiDocument load() {
        try (InputStream in = Files.newInputStream(ApiDocument.repoRoot().resolve(FILE))) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new AsyncApiDocument(ApiDocument.cast(loaded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> root() {
        return root;
    }

    public List<Channel> channels() {
        return channels;
    }

    public Optional<Channel> channelOf(String topic) {
        return channels.stream().filter(c -> c.matches(topic)).findFirst();
    }

    /** Every CloudEvents {@code ce_type} the messages' headers allow ({@code const} or {@code enum}). */
    public Set<String> cloudEventTypes() {
        Set<String> types = new TreeSet<>();
        channels.forEach(channel -> channel.messages().forEach(message -> types.addAll(cloudEventTypes(message))));
        return types;
    }

    /** The types a message allows: binary mode in the {@code ce_type} header, structured mode in the payload's {@code type}. */
    public static Set<String> cloudEventTypes(Message message) {
        Set<String> types = new TreeSet<>();
        List<Object> schemas = new ArrayList<>();
        if (message.headers() != null) {
            schemas.add(ApiDocument.cast(message.headers().getOrDefault("properties", Map.of())).get("ce_type"));
        }
        if ("application/cloudevents+json".equals(message.contentType())) {
            schemas.add(ApiDocument.cast(message.payload().getOrDefault("properties", Map.of())).get("type"));
        }
        for (Object type : schemas) {
            if (type != null) {
                Map<String, Object> schema = ApiDocument.cast(type);
                if (schema.get("const") != null) {
                    types.add(String.valueOf(schema.get("const")));
                }
                if (schema.get("enum") instanceof List<?> values) {
                    values.forEach(v -> types.add(String.valueOf(v)));
                }
            }
        }
        return types;
    }

    /** The node with every local {@code $ref} replaced by what it names, so a JSON Schema validator needs nothing else. */
    public Object resolve(Object node) {
        return References.resolve(root, node);
    }
}
