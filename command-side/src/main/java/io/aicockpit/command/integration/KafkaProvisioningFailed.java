package io.aicockpit.command.integration;

import io.aicockpit.support.problem.CataloguedProblem;
import io.aicockpit.support.problem.ProblemType;

/**
 * The broker did not take a credential's secret, ACLs or quotas; what was done was undone where possible. Answered
 * 503 with a message safe to show; the broker's reason is the cause (logged, never answered).
 */
public class KafkaProvisioningFailed extends RuntimeException implements CataloguedProblem {
    KafkaProvisioningFailed(String reason, Throwable cause) {
        super("the event broker did not take the change; retry", new IllegalStateException(reason, cause));
    }

    @Override
    public ProblemType problemType() {
        return ProblemType.KAFKA_PROVISIONING_FAILED;
    }
}
