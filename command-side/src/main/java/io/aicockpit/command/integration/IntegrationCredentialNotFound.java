package io.aicockpit.command.integration;

/** No credential with this id in the caller's tenant (another tenant's answers the same). */
public class IntegrationCredentialNotFound extends RuntimeException {
    IntegrationCredentialNotFound(String id) {
        super("integration credential " + id + " not found");
    }
}
