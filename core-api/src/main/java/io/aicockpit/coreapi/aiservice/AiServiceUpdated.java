package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A service's settings changed. */
@Revision("1")
public record AiServiceUpdated(TenantId tenantId, AiServiceId aiServiceId, AiServiceSettings settings, Actor updatedBy) implements AiServiceEvent {}
