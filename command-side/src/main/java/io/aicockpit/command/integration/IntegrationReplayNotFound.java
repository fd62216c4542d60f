package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/** No backfill with this id in the caller's tenant (another tenant's answers the same). */
public class IntegrationReplayNotFound extends RuntimeException implements CataloguedProblem {
    IntegrationReplayNotFound(String id) {
        super("replay " + id + " not found");
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.INTEGRATION_REPLAY_NOT_FOUND;
    }
}
