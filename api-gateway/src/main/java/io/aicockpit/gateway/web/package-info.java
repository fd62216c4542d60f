/**
 * Edge plumbing every request goes through: the request id (attribute, header, log context) and the
 * problem+json answers for every error the gateway itself produces. Knows nothing of tenants or tokens.
 */
package io.aicockpit.gateway.web;
