/**
 * Web plumbing every feature shares: request ids, the trusted caller taken from the gateway's headers and the
 * single RFC 9457 problem handler. Knows no feature and touches no table.
 */
package io.aicockpit.query.web;
