/** What every servlet service's web layer shares: request ids in the MDC, responses and problem bodies. */
package io.aicockpit.support.web;
