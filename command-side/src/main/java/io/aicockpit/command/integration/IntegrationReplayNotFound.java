package io.aicockpit.command.integration;

/** No backfill with this id in the caller's tenant (another tenant's answers the same). */
public class IntegrationReplayNotFound extends RuntimeException {
    IntegrationReplayNotFound(String id) {
        super("replay " + id + " not found");
    }
}
