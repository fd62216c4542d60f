/**
 * The ai-worker application: Spring Boot wiring, its settings and the read-only Axon event store the AI service
 * catalogue is projected from. Owns the {@code aiworker} schema; never appends to {@code eventstore} and never
 * writes {@code secrets}.
 */
package io.aicockpit.aiworker;
