/**
 * A stub OpenAI-compatible server for tests and benchmarks (shipped in ai-worker's test jar). It speaks the wire
 * protocol faithfully and misbehaves on request; it is never part of the product.
 */
package io.aicockpit.aiworker.stub;
