package io.aicockpit.command.integration;

/** A revoked credential stays revoked: it cannot be rotated. */
public class IntegrationCredentialRevokedException extends RuntimeException {
    IntegrationCredentialRevokedException(String id) {
        super("integration credential " + id + " is revoked; create a new one");
    }
}
