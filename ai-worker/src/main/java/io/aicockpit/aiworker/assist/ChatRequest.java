package io.aicockpit.aiworker.assist;

import java.util.List;

/**
 * A chat turn about a workspace: the conversation so far (user and assistant messages, oldest first, ending with
 * the user's new message). {@code @path} mentions in user messages bring those files into the prompt. {@code model}
 * (optional, one of {@code GET /v1/models}) is the model the user picked; without it the active service's default.
 */
record ChatRequest(List<Message> messages, Integer maxTokens, String model) {
    static final int MAX_MESSAGES = 64;
    static final int MAX_MODEL_LENGTH = 256;
    static final int MAX_MAX_TOKENS = 4096;
    static final int DEFAULT_MAX_TOKENS = 1024;

    ChatRequest {
        messages = messages == null ? List.of() : messages;
        maxTokens = maxTokens == null ? DEFAULT_MAX_TOKENS : maxTokens;
    }

    /** One message; {@code role} is {@code user} or {@code assistant}. */
    record Message(String role, String content) {}

    long textBytes() {
        return messages.stream().filter(m -> m != null)
                .mapToLong(m -> CompletionRequest.utf8(m.content()))
                .sum();
    }
}
