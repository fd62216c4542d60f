package io.aicockpit.query.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import java.io.IOException;
import java.sql.Timestamp;
import java.sql.Types;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stores every usage record once: the record id is the primary key and a redelivery hits {@code ON CONFLICT DO
 * NOTHING}. A record that is not a usage record is logged and skipped, so it cannot stall the partition.
 */
@Component
class UsageRecordListener {
    private static final Logger log = LoggerFactory.getLogger(UsageRecordListener.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final NamedParameterJdbcTemplate jdbc;

    UsageRecordListener(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = "${aicockpit.query-side.usage-topic:" + io.aicockpit.coreapi.messaging.Topics.AI_USAGE + "}",
            groupId = "${aicockpit.query-side.usage-group:aicockpit-query-side-usage}")
    void on(ConsumerRecord<String, String> record) {
        AiUsageRecorded usage;
        try {
            usage = json.readValue(record.value(), AiUsageRecorded.class);
        } catch (IOException | IllegalArgumentException e) {
            skip(record, "not a usage record");
            return;
        }
        if (usage == null || usage.id() == null || usage.tenantId() == null || usage.at() == null
                || usage.outcome() == null) {
            skip(record, "usage record without id, tenant, time or outcome");
            return;
        }
        jdbc.update("""
                INSERT INTO usage_record (tenant_id, id, user_subject, ai_service_id, model, endpoint, prompt_tokens,
                    completion_tokens, tokens_counted, latency_ms, ttft_ms, outcome, status, request_id, at)
                VALUES (:tenantId, :id, :user, :serviceId, :model, :endpoint, :prompt, :completion, :counted,
                    :latency, :ttft, :outcome, :status, :requestId, :at)
                ON CONFLICT (id) DO NOTHING""", new MapSqlParameterSource()
                .addValue("tenantId", usage.tenantId())
                .addValue("id", usage.id())
                .addValue("user", usage.userSubject(), Types.VARCHAR)
                .addValue("serviceId", usage.aiServiceId() == null ? null : usage.aiServiceId().value(), Types.OTHER)
                .addValue("model", usage.model(), Types.VARCHAR)
                .addValue("endpoint", usage.endpoint(), Types.VARCHAR)
                .addValue("prompt", usage.promptTokens())
                .addValue("completion", usage.completionTokens())
                .addValue("counted", usage.tokensCounted())
                .addValue("latency", usage.latencyMillis())
                .addValue("ttft", usage.timeToFirstTokenMillis(), Types.BIGINT)
                .addValue("outcome", usage.outcome())
                .addValue("status", usage.status())
                .addValue("requestId", usage.requestId(), Types.VARCHAR)
                .addValue("at", Timestamp.from(usage.at())));
    }

    private static void skip(ConsumerRecord<String, String> record, String why) {
        log.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset()).log("skipped a usage message: {}", why);
    }
}
