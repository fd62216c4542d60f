/**
 * Usage reporting: the Kafka consumers of ai-worker's usage records into {@code usage_record} and of the nodes'
 * container usage records into {@code container_usage_record}, and {@code GET /api/v1/usage}, which shows both in
 * one report. Holds counts only, never prompt or completion text; writes no other table and only reads
 * {@code workspace_view} (a workspace's owner, for container records that name none).
 */
package io.aicockpit.query.usage;
