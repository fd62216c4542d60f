package io.aicockpit.command.idle;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.workspace.CancelWorkspaceIdleStop;
import io.aicockpit.coreapi.workspace.WorkspaceActivity;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Records the newest activity nodes report per workspace (never moving it back), and withdraws a pending idle
 * warning through the aggregate when the activity is newer than the idle period it announced.
 */
class WorkspaceActivityListener {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceActivityListener.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final JdbcTemplate jdbc;
    private final CommandGateway commands;

    WorkspaceActivityListener(JdbcTemplate jdbc, CommandGateway commands) {
        this.jdbc = jdbc;
        this.commands = commands;
    }

    @KafkaListener(topics = "${aicockpit.command.idle.activity-topic:"
            + io.aicockpit.coreapi.messaging.Topics.WORKSPACE_ACTIVITY + "}",
            groupId = "${aicockpit.command.idle.activity-group:aicockpit-command-side-activity}")
    void on(ConsumerRecord<String, String> record) {
        WorkspaceActivity activity;
        try {
            activity = json.readValue(record.value(), WorkspaceActivity.class);
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipping unreadable workspace activity");
            return;
        }
        try (var tenant = MDC.putCloseable("tenantId", activity.tenantId().value());
             var workspace = MDC.putCloseable("workspaceId", activity.workspaceId().toString())) {
            Timestamp at = Timestamp.from(activity.lastActivityAt());
            jdbc.update("""
                    INSERT INTO command.idle_activity (tenant_id, workspace_id, last_activity_at) VALUES (?, ?, ?)
                    ON CONFLICT (workspace_id) DO UPDATE
                        SET last_activity_at = greatest(command.idle_activity.last_activity_at, EXCLUDED.last_activity_at)
                    WHERE command.idle_activity.tenant_id = EXCLUDED.tenant_id""",
                    activity.tenantId().value(), activity.workspaceId().value(), at);
            List<Timestamp> warned = jdbc.queryForList("""
                    SELECT warned_idle_since FROM command.idle_workspace
                    WHERE workspace_id = ? AND tenant_id = ? AND warned_idle_since < ?""", Timestamp.class,
                    activity.workspaceId().value(), activity.tenantId().value(), at);
            if (warned.isEmpty()) {
                return;
            }
            commands.sendAndWait(new CancelWorkspaceIdleStop(activity.workspaceId(), activity.tenantId(),
                    activity.lastActivityAt()));
            jdbc.update("""
                    UPDATE command.idle_workspace SET warned_idle_since = NULL, stop_at = NULL
                    WHERE workspace_id = ? AND warned_idle_since = ?""", activity.workspaceId().value(), warned.get(0));
            log.atInfo().addKeyValue("activityAt", activity.lastActivityAt()).addKeyValue("kinds", activity.kinds())
                    .log("idle warning withdrawn: the workspace was used");
        } catch (AggregateNotFoundException e) {
            log.atDebug().log("activity for an unknown or deleted workspace ignored");
        }
    }
}
