package io.aicockpit.gateway.ratelimit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import io.aicockpit.gateway.identity.GatewayIdentity;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Charges what each AI request really used (ai-worker's usage records) to the caller's and the tenant's token
 * budgets. All gateway replicas share one consumer group and one Redis, so every record is charged once.
 */
final class AiUsageBudgetCharger {
    private static final Logger log = LoggerFactory.getLogger(AiUsageBudgetCharger.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final AiTokenBudget budget;

    AiUsageBudgetCharger(AiTokenBudget budget) {
        this.budget = budget;
    }

    @KafkaListener(topics = "${aicockpit.gateway.rate-limit.ai-usage-topic:" + io.aicockpit.coreapi.messaging.Topics.AI_USAGE
            + "}", groupId = "${aicockpit.gateway.rate-limit.ai-usage-group:aicockpit-gateway-ai-budget}",
            properties = {"auto.offset.reset=latest"})
    void on(ConsumerRecord<String, String> record) {
        AiUsageRecorded usage;
        try {
            usage = json.readValue(record.value(), AiUsageRecorded.class);
        } catch (Exception e) {
            log.atWarn().addKeyValue("offset", record.offset()).log("skipping an unreadable AI usage record");
            return;
        }
        if (!TenantId.isValid(usage.tenantId()) || usage.userSubject() == null) {
            return;
        }
        GatewayIdentity caller = new GatewayIdentity(new TenantId(usage.tenantId()), usage.userSubject(),
                usage.userSubject(), Set.of(), ActorType.USER, null, null);
        budget.record(caller, usage.promptTokens() + usage.completionTokens()).block(Duration.ofSeconds(5));
    }
}
