/**
 * Integration credentials: an organization's own Kafka logins (SASL/SCRAM principals bound to the tenant) with which
 * its SIEM, billing job or automation reads the tenant's public topics. Messages carry the principal's name, never
 * its secret: the secret is shown once and lives only as Kafka's SCRAM hash.
 */
package io.aicockpit.coreapi.integration;
