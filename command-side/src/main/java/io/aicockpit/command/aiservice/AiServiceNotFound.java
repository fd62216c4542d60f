package io.aicockpit.command.aiservice;

import org.axonframework.common.AxonNonTransientException;

import io.aicockpit.coreapi.aiservice.AiServiceId;

/** No such live AI service in the caller's tenant (removed and foreign services look the same). Answered 404. */
public class AiServiceNotFound extends AxonNonTransientException {
    public AiServiceNotFound(AiServiceId id) {
        super("AI service " + id + " was not found");
    }
}
