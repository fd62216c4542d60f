/**
 * The test broker: where it listens and how tests log in to it. Every test, bench and system test takes the
 * bootstrap address and the SASL/SCRAM credentials from {@link io.aicockpit.testsupport.kafka.TestKafka}, never
 * from a literal, so one setting ({@code AICOCKPIT_KAFKA_BOOTSTRAP}) points a whole run at another broker.
 */
package io.aicockpit.testsupport.kafka;
