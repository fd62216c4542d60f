package io.aicockpit.query.web;

import io.aicockpit.coreapi.common.TenantId;

/**
 * Who is asking, as the gateway verified it and signed it into its identity token. A controller parameter of this
 * type is filled only for requests whose token verified.
 */
public record TrustedCaller(TenantId tenantId, String subject) {
}
