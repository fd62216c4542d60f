package io.aicockpit.aiworker.assist;

import static io.aicockpit.aiworker.assist.AssistValidation.require;

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

    /** This request when it is one the assist serves; else the 400 or 413 naming what is wrong. */
    EditRequest validated() {
        require(instruction != null && !instruction.isBlank(), "instruction", "'instruction' is required.");
        AssistValidation.capped(codeBytes());
        return this;
    }
}
