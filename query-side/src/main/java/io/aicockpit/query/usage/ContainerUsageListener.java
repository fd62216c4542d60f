package io.aicockpit.query.usage;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
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
 * Stores every container usage record once: the record id (derived from container and window) is the primary key
 * and a redelivery or a node's resend hits {@code ON CONFLICT DO NOTHING}. A message that is not a valid record is
 * logged and skipped, so it cannot stall the partition.
 */
@Component
class ContainerUsageListener {
    private static final Logger log = LoggerFactory.getLogger(ContainerUsageListener.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final NamedParameterJdbcTemplate jdbc;

    ContainerUsageListener(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = "${aicockpit.query-side.container-usage-topic:" + Topics.CONTAINER_USAGE + "}",
            groupId = "${aicockpit.query-side.usage-group:aicockpit-query-side-usage}")
    void on(ConsumerRecord<String, String> record) {
        ContainerUsageRecorded usage;
        try {
            usage = json.readValue(record.value(), ContainerUsageRecorded.class);
        } catch (IOException | IllegalArgumentException e) {
            skip(record, "not a container usage record");
            return;
        }
        if (usage == null || usage.id() == null || usage.tenantId() == null || usage.workspaceId() == null
                || usage.containerId() == null || usage.from() == null || usage.to() == null
                || !usage.from().isBefore(usage.to())) {
            skip(record, "container usage record without id, tenant, workspace, container or window");
            return;
        }
        if (!(usage.cpuSeconds() >= 0 && usage.memoryGibSeconds() >= 0 && usage.diskGibHours() >= 0)
                || Double.isInfinite(usage.cpuSeconds() + usage.memoryGibSeconds() + usage.diskGibHours())) {
            skip(record, "container usage record with a negative or unbounded amount");
            return;
        }
        jdbc.update("""
                INSERT INTO container_usage_record (tenant_id, id, workspace_id, owner_subject, node_id, container_id,
                    from_at, to_at, cpu_seconds, memory_gib_seconds, disk_gib_hours)
                VALUES (:tenantId, :id, :workspaceId, :owner, :nodeId, :containerId, :from, :to, :cpu, :memory, :disk)
                ON CONFLICT (id) DO NOTHING""", new MapSqlParameterSource()
                .addValue("tenantId", usage.tenantId())
                .addValue("id", usage.id())
                .addValue("workspaceId", usage.workspaceId().value())
                .addValue("owner", usage.ownerSubject(), Types.VARCHAR)
                .addValue("nodeId", usage.nodeId() == null ? null : usage.nodeId().value(), Types.VARCHAR)
                .addValue("containerId", usage.containerId())
                .addValue("from", Timestamp.from(usage.from()))
                .addValue("to", Timestamp.from(usage.to()))
                .addValue("cpu", usage.cpuSeconds())
                .addValue("memory", usage.memoryGibSeconds())
                .addValue("disk", usage.diskGibHours()));
    }

    private static void skip(ConsumerRecord<String, String> record, String why) {
        log.atWarn().addKeyValue("topic", record.topic()).addKeyValue("partition", record.partition())
                .addKeyValue("offset", record.offset()).log("skipped a container usage message: {}", why);
    }
}
