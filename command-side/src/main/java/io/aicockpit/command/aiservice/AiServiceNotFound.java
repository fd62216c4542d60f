package io.aicockpit.command.aiservice;

import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import org.axonframework.common.AxonNonTransientException;

/** No such live AI service in the caller's tenant (removed and foreign services look the same). Answered 404. */
public class AiServiceNotFound extends AxonNonTransientException implements CataloguedProblem {
    public AiServiceNotFound(AiServiceId id) {
        super("AI service " + id + " was not found");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.AI_SERVICE_NOT_FOUND;
    }
}
