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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import reactor.core.publisher.Flux;

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

    /**
     * Charges a poll's records together: tokens are summed per caller first, so a busy tenant costs one Redis
     * round trip per caller and poll instead of one per AI request. Offsets are committed after the batch, as before
     * per record, so a crash charges a batch again rather than losing it.
     */
    @KafkaListener(topics = "${aicockpit.gateway.rate-limit.ai-usage-topic:" + io.aicockpit.coreapi.messaging.Topics.AI_USAGE
            + "}", groupId = "${aicockpit.gateway.rate-limit.ai-usage-group:aicockpit-gateway-ai-budget}",
            properties = {"auto.offset.reset=latest"}, batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        Map<GatewayIdentity, Long> tokens = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            AiUsageRecorded usage;
            try {
                usage = json.readValue(record.value(), AiUsageRecorded.class);
            } catch (Exception e) {
                log.atWarn().addKeyValue("offset", record.offset()).log("skipping an unreadable AI usage record");
                continue;
            }
            if (!TenantId.isValid(usage.tenantId()) || usage.userSubject() == null) {
                continue;
            }
            GatewayIdentity caller = new GatewayIdentity(new TenantId(usage.tenantId()), usage.userSubject(),
                    usage.userSubject(), Set.of(), ActorType.USER, null, null);
            tokens.merge(caller, usage.promptTokens() + usage.completionTokens(), Long::sum);
        }
        Flux.fromIterable(tokens.entrySet())
                .flatMap(charge -> budget.record(charge.getKey(), charge.getValue()))
                .then()
                .block(Duration.ofSeconds(5));
    }
}
