/**
 * The Workspace aggregate, its create/start decisions with the tenant's quotas, the running-slot bookkeeping
 * and the stack catalogue. Never talks to Docker: container work is sent to worker nodes over Kafka.
 */
package io.aicockpit.command.workspace;
