package io.aicockpit.command.integration;

/** A malformed request to offboard a tenant's integrations (400). */
public class InvalidOffboarding extends RuntimeException {
    InvalidOffboarding(String message) {
        super(message);
    }
}
