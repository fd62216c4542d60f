/**
 * AI usage reporting: the Kafka consumer of ai-worker's usage records into {@code usage_record} and
 * {@code GET /api/v1/usage}. Holds counts only, never prompt or completion text; touches no other table.
 */
package io.aicockpit.query.usage;
