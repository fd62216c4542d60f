package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistValidation.require;

import io.aicockpit.support.problem.ProblemType;
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

    /** This request when it is one the assist serves; else the 400 or 413 naming what is wrong. */
    ChatRequest validated() {
        require(!messages.isEmpty() && messages.size() <= MAX_MESSAGES, "messages",
                "'messages' must hold 1 to " + MAX_MESSAGES + " messages.");
        for (Message message : messages) {
            require(message != null && ("user".equals(message.role()) || "assistant".equals(message.role())),
                    "messages", "Each message needs 'role' user or assistant.");
            require(message.content() != null, "messages", "Each message needs 'content'.");
        }
        require("user".equals(messages.getLast().role()) && !messages.getLast().content().isBlank(), "messages",
                "The last message must be the user's, and not blank.");
        require(maxTokens >= 1 && maxTokens <= MAX_MAX_TOKENS, "maxTokens",
                "'maxTokens' must be between 1 and " + MAX_MAX_TOKENS + ".");
        require(model == null || (!model.isBlank() && model.length() <= MAX_MODEL_LENGTH
                        && model.chars().noneMatch(Character::isISOControl)), "model",
                "'model' must be a model name of at most " + MAX_MODEL_LENGTH
                        + " characters (GET /v1/models lists them).");
        if (textBytes() > 2L * AssistValidation.MAX_CODE_BYTES) {
            throw new AssistProblem(ProblemType.PAYLOAD_TOO_LARGE,
                    "The conversation exceeds " + 2 * AssistValidation.MAX_CODE_BYTES + " bytes; start a new one.");
        }
        return this;
    }
}
