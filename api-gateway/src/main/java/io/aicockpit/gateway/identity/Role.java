package io.aicockpit.gateway.identity;

/** Platform roles. Tenants map their IdP's role names onto these; PLATFORM_OPERATOR only from the platform issuer. */
public enum Role { ORG_ADMIN, DEVELOPER, AUDITOR, INTEGRATION, PLATFORM_OPERATOR }
