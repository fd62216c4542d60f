/**
 * Usage metering: one {@link io.aicockpit.coreapi.usage.AiUsageRecorded} per AI request on Kafka, and latency and
 * time-to-first-token histograms. Sees token counts and character counts only, never prompt or completion text.
 */
package io.aicockpit.aiworker.metering;
