package io.aicockpit.query.workspace;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceActivity;
import java.io.IOException;
import java.time.ZoneOffset;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.stereotype.Component;

/**
 * Sets {@code workspace_view.last_activity_at} from the nodes' activity reports. Only ever moves it forward, so a
 * redelivered or reordered report changes nothing. A report for a row the projection has not written yet is
 * dropped; the node's next report (within its publish interval of activity) fills it in. Not part of the
 * event-sourced view: a replay of the projection clears it until the next report.
 */
@Component
class WorkspaceActivityRecorder {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceActivityRecorder.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final NamedParameterJdbcTemplate jdbc;

    WorkspaceActivityRecorder(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Created when absent, so query-side can subscribe before the first node reports. */
    @Bean
    static NewTopic workspaceActivityTopic(
            @Value("${aicockpit.query-side.activity-topic:" + Topics.WORKSPACE_ACTIVITY + "}") String topic) {
        return TopicBuilder.name(topic).partitions(3).replicas(1).build();
    }

    @KafkaListener(topics = "${aicockpit.query-side.activity-topic:" + Topics.WORKSPACE_ACTIVITY + "}",
            groupId = "${aicockpit.query-side.activity-group:aicockpit-query-side-activity}")
    void on(ConsumerRecord<String, String> record) {
        WorkspaceActivity activity;
        try {
            activity = json.readValue(record.value(), WorkspaceActivity.class);
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipped an unreadable workspace activity report");
            return;
        }
        jdbc.update("""
                UPDATE workspace_view SET last_activity_at = :at
                WHERE workspace_id = :workspaceId AND tenant_id = :tenantId
                  AND (last_activity_at IS NULL OR last_activity_at < :at)""", new MapSqlParameterSource()
                .addValue("workspaceId", activity.workspaceId().value())
                .addValue("tenantId", activity.tenantId().value())
                .addValue("at", activity.lastActivityAt().atOffset(ZoneOffset.UTC)));
    }
}
