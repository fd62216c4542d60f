/**
 * A stub OpenAI-compatible server shared by ai-worker's tests, the system tests, the benchmark and the demo script.
 * It speaks the wire protocol faithfully and misbehaves on request; it is never part of the product.
 */
package io.aicockpit.testsupport.openai;
