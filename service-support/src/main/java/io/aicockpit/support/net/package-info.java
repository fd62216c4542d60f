/** Guards for outbound calls to addresses that tenants control (SSRF). */
package io.aicockpit.support.net;
