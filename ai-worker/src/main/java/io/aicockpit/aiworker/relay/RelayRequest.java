package io.aicockpit.aiworker.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aicockpit.aiworker.catalog.UpstreamService;
import java.io.IOException;

/**
 * A client's completion request, parsed once. The body is forwarded as the client sent it, except that the model
 * defaults to the serving service's and a streamed request always asks the upstream for usage (so it can be
 * metered); whether the client asked for usage itself decides if the usage chunk is relayed.
 */
record RelayRequest(OpenAiEndpoint endpoint, ObjectNode body, boolean stream, boolean clientWantsUsage,
                    String model, long promptChars) {

    static RelayRequest parse(ObjectMapper json, OpenAiEndpoint endpoint, byte[] bytes) {
        JsonNode tree;
        try {
            tree = json.readTree(bytes);
        } catch (IOException e) {
            throw OpenAiError.invalidRequest("invalid_json", null, "The request body is not valid JSON.");
        }
        if (!(tree instanceof ObjectNode body)) {
            throw OpenAiError.invalidRequest("invalid_json", null, "The request body must be a JSON object.");
        }
        long promptChars = switch (endpoint) {
            case CHAT_COMPLETIONS -> {
                JsonNode messages = body.get("messages");
                if (messages == null || !messages.isArray() || messages.isEmpty()) {
                    throw OpenAiError.invalidRequest("missing_required_parameter", "messages",
                            "'messages' must be a non-empty array.");
                }
                long chars = 0;
                for (JsonNode message : messages) {
                    chars += textLength(message.get("content"));
                }
                yield chars;
            }
            case COMPLETIONS -> {
                if (!body.has("prompt")) {
                    throw OpenAiError.invalidRequest("missing_required_parameter", "prompt", "'prompt' is required.");
                }
                yield textLength(body.get("prompt")) + textLength(body.get("suffix"));
            }
            case MODELS -> 0;
        };
        JsonNode model = body.get("model");
        return new RelayRequest(endpoint, body, body.path("stream").asBoolean(false),
                body.path("stream_options").path("include_usage").asBoolean(false),
                model != null && model.isTextual() && !model.asText().isBlank() ? model.asText() : null, promptChars);
    }

    /** The model that will be asked for on {@code service}. */
    String modelFor(UpstreamService service) {
        return model != null ? model : service.defaultModel();
    }

    /** The body sent to {@code service}. */
    byte[] bodyFor(ObjectMapper json, UpstreamService service) {
        ObjectNode copy = body.deepCopy();
        if (model == null && service.defaultModel() != null) {
            copy.put("model", service.defaultModel());
        }
        if (stream) {
            copy.withObject("/stream_options").put("include_usage", true);
        }
        try {
            return json.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a parsed request", e);
        }
    }

    /** Characters of text in a content value: a string, an array of strings, or an array of content parts. */
    static long textLength(JsonNode content) {
        if (content == null || content.isNull()) {
            return 0;
        }
        if (content.isTextual()) {
            return content.asText().length();
        }
        long chars = 0;
        if (content.isArray()) {
            for (JsonNode part : content) {
                chars += part.isTextual() ? part.asText().length() : textLength(part.get("text"));
            }
        }
        return chars;
    }
}
