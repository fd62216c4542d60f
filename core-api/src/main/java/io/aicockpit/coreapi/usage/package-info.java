/** Metering messages: what each AI request and each workspace container used, per tenant, user and model or workspace. */
package io.aicockpit.coreapi.usage;
