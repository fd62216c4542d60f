package io.aicockpit.query.web;

import io.aicockpit.coreapi.common.TenantId;

/**
 * Who is asking, as the gateway asserted it in trusted headers. A controller parameter of this type is filled
 * only for requests that carried both headers.
 */
public record TrustedCaller(TenantId tenantId, String subject) {
}
