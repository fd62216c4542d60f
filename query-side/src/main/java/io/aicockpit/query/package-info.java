/**
 * The query-side application: Spring Boot wiring and the read-only Axon event store the projections track.
 * Owns nothing in the {@code eventstore} schema and never appends to it.
 */
package io.aicockpit.query;
