/** REST edge of command-side: thin controllers (request → command), caller identity, problem responses. */
package io.aicockpit.command.web;
