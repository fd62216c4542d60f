/** Shared use of the event store by read models (query-side, ai-worker): read-only, polled, never skipping events. */
package io.aicockpit.support.eventstore;
