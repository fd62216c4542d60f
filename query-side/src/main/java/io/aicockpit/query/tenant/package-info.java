/** The tenant view: each tenant's quotas and idle timeout, and the caller's use against them. */
package io.aicockpit.query.tenant;
