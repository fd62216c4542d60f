/** Tenant-scoped reads: the row-level-security fence behind every query of the API. */
package io.aicockpit.query.tenancy;
