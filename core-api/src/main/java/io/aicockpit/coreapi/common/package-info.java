/** Value types every message shares: tenant ids, actors, resource limits. */
package io.aicockpit.coreapi.common;
