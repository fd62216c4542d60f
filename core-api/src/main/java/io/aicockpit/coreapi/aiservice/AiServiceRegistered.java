package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A tenant connected an AI service. */
@Revision("1")
public record AiServiceRegistered(TenantId tenantId, AiServiceId aiServiceId, AiServiceSettings settings, Actor registeredBy) implements AiServiceEvent {}
