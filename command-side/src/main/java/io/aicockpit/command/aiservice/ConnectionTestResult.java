package io.aicockpit.command.aiservice;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a connection test answers: the error is a short text that never holds the key or a whole upstream body. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ConnectionTestResult(boolean succeeded, long latencyMillis, String error) {}
