package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A service was disconnected; if it was active or fallback, that role is now empty. */
@Revision("1")
public record AiServiceRemoved(TenantId tenantId, AiServiceId aiServiceId, Actor removedBy) implements AiServiceEvent {}
