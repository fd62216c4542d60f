package io.aicockpit.coreapi.messaging;

import io.aicockpit.coreapi.common.TenantId;

/**
 * Kafka topic names. Public topics are per tenant under one prefix an ACL can match
 * ({@code aicockpit.tenant.<tenant>.}); internal topics are never readable by integrations.
 */
public final class Topics {
    public static final String CONTAINER_ACTIONS = "aicockpit.internal.container-actions";
    public static final String CONTAINER_RESULTS = "aicockpit.internal.container-results";
    public static final String PUBLIC_PREFIX = "aicockpit.tenant.";

    private Topics() {}

    /** The tenant's public workspace-event topic (CloudEvents, keyed by workspace id). */
    public static String workspaceEvents(TenantId tenant) {
        return PUBLIC_PREFIX + tenant.value() + ".workspace-events";
    }

    /** The prefix an integration's ACL is granted for this tenant. */
    public static String tenantPrefix(TenantId tenant) {
        return PUBLIC_PREFIX + tenant.value() + ".";
    }
}
