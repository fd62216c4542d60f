package io.aicockpit.command.aiservice;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import org.axonframework.common.AxonNonTransientException;

/** Another live service of the tenant already has this name (compared case-insensitively). Answered 409. */
public class AiServiceNameTaken extends AxonNonTransientException implements CataloguedProblem {
    public AiServiceNameTaken(String name) {
        super("an AI service named '" + name + "' already exists");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.AI_SERVICE_NAME_TAKEN;
    }
}
