package io.aicockpit.aiworker.assist;

/** A Ctrl+K edit: what to change, the selected code and the code around it. */
record EditRequest(String instruction, String selection, String before, String after, String language,
                   String path) {
    EditRequest {
        selection = selection == null ? "" : selection;
        before = before == null ? "" : before;
        after = after == null ? "" : after;
    }

    long codeBytes() {
        return CompletionRequest.utf8(instruction) + CompletionRequest.utf8(selection)
                + CompletionRequest.utf8(before) + CompletionRequest.utf8(after);
    }
}
