package io.aicockpit.coreapi.messaging;

import io.aicockpit.coreapi.common.TenantId;

/**
 * Kafka topic names. Public topics are per tenant under one prefix an ACL can match
 * ({@code aicockpit.tenant.<tenant>.}); internal topics are never readable by integrations.
 */
public final class Topics {
    public static final String CONTAINER_ACTIONS = "aicockpit.internal.container-actions";
    public static final String CONTAINER_RESULTS = "aicockpit.internal.container-results";
    /** What worker nodes observe on their own (a container that exited), keyed by workspace id (nodes → command-side). */
    public static final String CONTAINER_EVENTS = "aicockpit.internal.container-events";
    /** Commands for one node (remove an orphan container), keyed by node id; every node reads all (command-side → nodes). */
    public static final String NODE_COMMANDS = "aicockpit.internal.node-commands";
    /** Every AI request's usage record, all tenants, keyed by tenant (ai-worker → query-side, gateway budgets). */
    public static final String AI_USAGE = "aicockpit.internal.ai-usage";
    /** Every workspace container's sampled usage, all tenants, keyed by workspace id (nodes → query-side). */
    public static final String CONTAINER_USAGE = "aicockpit.internal.container-usage";
    /**
     * Throttled {@code WorkspaceActivity} reports of worker nodes, keyed by workspace id (nodes → command-side's idle
     * monitor, query-side's last-activity column).
     */
    public static final String WORKSPACE_ACTIVITY = "aicockpit.internal.workspace-activity";
    /**
     * Every node's {@code NodeHeartbeat} (capacity, labels, load), keyed by node id (nodes → command-side's placement
     * and lost-node monitor, query-side's node view).
     */
    public static final String NODE_HEARTBEATS = "aicockpit.internal.node-heartbeats";
    public static final String PUBLIC_PREFIX = "aicockpit.tenant.";

    private Topics() {}

    /**
     * The container actions of one node: {@code <actionsTopic>.<nodeId>} (e.g.
     * {@code aicockpit.internal.container-actions.node-1}). command-side sends a placed workspace's actions there, so
     * only the node holding it sees them; {@code actionsTopic} is {@link #CONTAINER_ACTIONS} outside tests.
     */
    public static String nodeActions(String actionsTopic, io.aicockpit.coreapi.common.NodeId node) {
        return actionsTopic + "." + node.value();
    }

    /** The tenant's public workspace-event topic (CloudEvents, keyed by workspace id). */
    public static String workspaceEvents(TenantId tenant) {
        return PUBLIC_PREFIX + tenant.value() + ".workspace-events";
    }

    /**
     * The tenant's public usage topic: AI usage records as JSON keyed by tenant, container usage as CloudEvents
     * (binary mode, {@code ce_type} {@link CloudEventTypes#CONTAINER_USAGE}) keyed by workspace id.
     */
    public static String usage(TenantId tenant) {
        return PUBLIC_PREFIX + tenant.value() + ".usage";
    }

    /** The prefix an integration's ACL is granted for this tenant. */
    public static String tenantPrefix(TenantId tenant) {
        return PUBLIC_PREFIX + tenant.value() + ".";
    }
}
