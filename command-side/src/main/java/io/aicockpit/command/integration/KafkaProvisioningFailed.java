package io.aicockpit.command.integration;

/** The broker did not take a credential's secret, ACLs or quotas; what was done was undone where possible. */
public class KafkaProvisioningFailed extends RuntimeException {
    KafkaProvisioningFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
