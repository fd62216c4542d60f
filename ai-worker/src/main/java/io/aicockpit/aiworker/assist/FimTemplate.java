package io.aicockpit.aiworker.assist;

import java.util.List;
import java.util.Locale;

/**
 * Fill-in-the-middle templates of the code model families trained with them. Such a model completes far better from
 * its own FIM tokens on {@code /v1/completions} than from a chat instruction, and a model outside these families
 * would treat the tokens as text, so the family is recognised from the model name and anything else gets the chat
 * prompt.
 */
enum FimTemplate {
    STARCODER("<fim_prefix>", "<fim_suffix>", "<fim_middle>", List.of("<|endoftext|>", "<file_sep>")),
    DEEPSEEK_CODER("<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>", List.of("<｜end▁of▁sentence｜>", "<|EOT|>")),
    CODELLAMA("<PRE> ", " <SUF>", " <MID>", List.of("<EOT>")),
    QWEN_CODER("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", List.of("<|endoftext|>", "<|fim_pad|>"));

    private final String beforePrefix;
    private final String beforeSuffix;
    private final String beforeMiddle;
    final List<String> stop;

    FimTemplate(String beforePrefix, String beforeSuffix, String beforeMiddle, List<String> stop) {
        this.beforePrefix = beforePrefix;
        this.beforeSuffix = beforeSuffix;
        this.beforeMiddle = beforeMiddle;
        this.stop = stop;
    }

    /** The template for {@code model}, or null when it is not a known FIM family (use the chat prompt). */
    static FimTemplate forModel(String model) {
        if (model == null) {
            return null;
        }
        String name = model.toLowerCase(Locale.ROOT);
        if (name.contains("starcoder")) {
            return STARCODER;
        }
        if (name.contains("deepseek") && name.contains("coder")) {
            return DEEPSEEK_CODER;
        }
        if (name.contains("codellama") || name.contains("code-llama") || name.contains("code_llama")) {
            return CODELLAMA;
        }
        if (name.contains("qwen") && name.contains("coder")) {
            return QWEN_CODER;
        }
        return null;
    }

    /** The prompt: other open files as a comment header in front of the prefix, then the FIM tokens. */
    String prompt(CompletionRequest request) {
        return beforePrefix + AssistPrompts.contextHeader(request) + request.prefix() + beforeSuffix
                + request.suffix() + beforeMiddle;
    }
}
