package io.aicockpit.command.aiservice;

import org.axonframework.common.AxonNonTransientException;

/** Another live service of the tenant already has this name (compared case-insensitively). Answered 409. */
public class AiServiceNameTaken extends AxonNonTransientException {
    public AiServiceNameTaken(String name) {
        super("an AI service named '" + name + "' already exists");
    }
}
