package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** The tenant's AI requests now go to this service. */
@Revision("1")
public record ActiveAiServiceSet(TenantId tenantId, AiServiceId aiServiceId, Actor setBy) implements AiServiceEvent {}
