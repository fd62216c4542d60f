package io.aicockpit.coreapi.aiservice;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.TenantId;
import org.axonframework.serialization.Revision;

/** A test request reached the service (or not), with its latency and error text. */
@Revision("1")
public record AiServiceConnectionTested(TenantId tenantId, AiServiceId aiServiceId, boolean succeeded, long latencyMillis, String error, Actor testedBy) implements AiServiceEvent {}
