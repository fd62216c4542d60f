/**
 * Integration credentials: an org admin's Kafka logins for the tenant's integrations. Owns the
 * {@code IntegrationCredential} aggregate, the {@code command.integration_credential} list and the provisioning
 * principal's Admin client, which creates each credential's SCRAM secret, ACLs (read the tenant's public prefix,
 * its own consumer-group prefix, nothing else) and quotas. Never stores, logs or publishes a secret.
 */
package io.aicockpit.command.integration;
