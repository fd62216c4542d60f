/** Framework wiring (Axon on PostgreSQL) and the module's settings. */
package io.aicockpit.command.config;
