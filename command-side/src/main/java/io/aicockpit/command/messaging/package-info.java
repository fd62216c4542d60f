/**
 * Kafka edges of command-side: container actions out, worker results and observed container exits in, public
 * CloudEvents out. Owns no decisions: it only turns events into messages and messages into commands.
 */
package io.aicockpit.command.messaging;
