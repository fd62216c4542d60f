package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** This service (null: none) takes over when the active one fails before its first byte. */
@Revision("1")
public record FallbackAiServiceSet(TenantId tenantId, AiServiceId aiServiceId, Actor setBy) implements AiServiceEvent {}
