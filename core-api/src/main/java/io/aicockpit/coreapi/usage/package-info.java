/** Metering messages: what each AI request cost, per tenant, user and model. */
package io.aicockpit.coreapi.usage;
