package io.aicockpit.aiworker.relay;

/** The relayed endpoints, with their path below the service's base URL (or below an Azure deployment). */
enum OpenAiEndpoint {
    CHAT_COMPLETIONS("/chat/completions"),
    COMPLETIONS("/completions"),
    MODELS("/models");

    final String path;

    OpenAiEndpoint(String path) {
        this.path = path;
    }

    /** The caller-facing path, as the usage record names it. */
    String publicPath() {
        return "/v1" + path;
    }
}
