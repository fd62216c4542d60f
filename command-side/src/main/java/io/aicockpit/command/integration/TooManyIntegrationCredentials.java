package io.aicockpit.command.integration;

/** The tenant already holds the maximum number of active credentials. */
public class TooManyIntegrationCredentials extends RuntimeException {
    TooManyIntegrationCredentials(int max) {
        super("a tenant holds at most " + max + " active integration credentials; revoke one first");
    }
}
