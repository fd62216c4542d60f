/** PostgreSQL {@code LISTEN}: one connection per channel, held for the life of the service, reopened after failure. */
package io.aicockpit.query.notify;
