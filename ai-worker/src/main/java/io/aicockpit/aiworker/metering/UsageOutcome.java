package io.aicockpit.aiworker.metering;

/** How an AI request ended, as {@link io.aicockpit.coreapi.usage.AiUsageRecorded#outcome()} spells it. */
public enum UsageOutcome { SUCCEEDED, FAILED, CANCELLED, REFUSED }
