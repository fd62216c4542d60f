/** Commands and events of a tenant's AI service catalogue (OpenAI, Azure OpenAI, LM Studio, custom). */
package io.aicockpit.coreapi.aiservice;
