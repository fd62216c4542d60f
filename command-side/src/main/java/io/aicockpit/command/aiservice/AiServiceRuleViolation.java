package io.aicockpit.command.aiservice;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;
import org.axonframework.common.AxonNonTransientException;

/** Non-transient, so the command gateway does not retry it. An AI service request that breaks a catalogue rule (missing Azure fields, missing key, active = fallback). Answered 422. */
public class AiServiceRuleViolation extends AxonNonTransientException implements CataloguedProblem {
    public AiServiceRuleViolation(String message) {
        super(message);
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INVALID_AI_SERVICE;
    }
}
