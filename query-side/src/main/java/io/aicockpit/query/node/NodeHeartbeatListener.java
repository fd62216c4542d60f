package io.aicockpit.query.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.node.NodeHeartbeat;
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
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code node_view} at each node's newest heartbeat (an older one, e.g. redelivered, changes nothing), and
 * {@code workspace_disk} at the newest volume measurements the heartbeats carry. A message that is not a heartbeat
 * is logged and skipped.
 */
@Component
class NodeHeartbeatListener {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeatListener.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final NamedParameterJdbcTemplate jdbc;

    NodeHeartbeatListener(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @KafkaListener(topics = "${aicockpit.query-side.node-heartbeats-topic:" + Topics.NODE_HEARTBEATS + "}",
            groupId = "${aicockpit.query-side.nodes-group:aicockpit-query-side-nodes}")
    @Transactional
    void on(ConsumerRecord<String, String> record) throws IOException {
        NodeHeartbeat beat;
        try {
            beat = json.readValue(record.value(), NodeHeartbeat.class);
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipped a message that is not a node heartbeat");
            return;
        }
        NodeHeartbeat.Capacity c = beat.capacity();
        NodeHeartbeat.Load l = beat.load();
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("nodeId", beat.nodeId().value())
                .addValue("apiUri", beat.apiUri() == null ? null : beat.apiUri().toString(), Types.VARCHAR)
                .addValue("dockerHost", beat.dockerHost(), Types.VARCHAR)
                .addValue("labels", json.writeValueAsString(beat.labels()))
                .addValue("cpus", c.nanoCpus()).addValue("memory", c.memoryBytes()).addValue("disk", c.diskBytes())
                .addValue("max", c.maxWorkspaces())
                .addValue("running", l.runningWorkspaces()).addValue("rCpus", l.reservedNanoCpus())
                .addValue("rMemory", l.reservedMemoryBytes()).addValue("uMemory", l.usedMemoryBytes(), Types.BIGINT)
                .addValue("diskUsed", l.diskUsedBytes())
                .addValue("interval", beat.interval() == null ? null : beat.interval().toMillis(), Types.BIGINT)
                .addValue("startedAt", beat.startedAt() == null ? null : Timestamp.from(beat.startedAt()),
                        Types.TIMESTAMP)
                .addValue("sentAt", Timestamp.from(beat.sentAt()));
        int stored = jdbc.update("""
                INSERT INTO node_view (node_id, api_uri, docker_host, labels, nano_cpus, memory_bytes, disk_bytes,
                    max_workspaces, running_workspaces, reserved_nano_cpus, reserved_memory_bytes, used_memory_bytes,
                    disk_used_bytes, heartbeat_interval_ms, started_at, last_sent_at, last_heartbeat_at)
                VALUES (:nodeId, :apiUri, :dockerHost, CAST(:labels AS jsonb), :cpus, :memory, :disk, :max, :running,
                    :rCpus, :rMemory, :uMemory, :diskUsed, :interval, :startedAt, :sentAt, now())
                ON CONFLICT (node_id) DO UPDATE SET api_uri = EXCLUDED.api_uri, docker_host = EXCLUDED.docker_host,
                    labels = EXCLUDED.labels, nano_cpus = EXCLUDED.nano_cpus, memory_bytes = EXCLUDED.memory_bytes,
                    disk_bytes = EXCLUDED.disk_bytes, max_workspaces = EXCLUDED.max_workspaces,
                    running_workspaces = EXCLUDED.running_workspaces,
                    reserved_nano_cpus = EXCLUDED.reserved_nano_cpus,
                    reserved_memory_bytes = EXCLUDED.reserved_memory_bytes,
                    used_memory_bytes = EXCLUDED.used_memory_bytes, disk_used_bytes = EXCLUDED.disk_used_bytes,
                    heartbeat_interval_ms = EXCLUDED.heartbeat_interval_ms, started_at = EXCLUDED.started_at,
                    last_sent_at = EXCLUDED.last_sent_at, last_heartbeat_at = now()
                WHERE node_view.last_sent_at < EXCLUDED.last_sent_at""", p);
        if (stored == 0) {
            return;
        }
        for (NodeHeartbeat.Container w : beat.workspaces()) {
            if (w.workspaceId() == null || w.tenantId() == null
                    || (w.diskUsedBytes() == null && w.diskLimitBytes() == null)) {
                continue;
            }
            jdbc.update("""
                    INSERT INTO workspace_disk (workspace_id, tenant_id, node_id, limit_bytes, used_bytes, measured_at)
                    VALUES (:workspaceId, :tenantId, :nodeId, :limit, :used, :at)
                    ON CONFLICT (workspace_id) DO UPDATE SET node_id = EXCLUDED.node_id,
                        limit_bytes = EXCLUDED.limit_bytes, used_bytes = EXCLUDED.used_bytes,
                        measured_at = EXCLUDED.measured_at
                    WHERE workspace_disk.tenant_id = EXCLUDED.tenant_id""", new MapSqlParameterSource()
                    .addValue("workspaceId", w.workspaceId().value())
                    .addValue("tenantId", w.tenantId().value())
                    .addValue("nodeId", beat.nodeId().value())
                    .addValue("limit", w.diskLimitBytes(), Types.BIGINT)
                    .addValue("used", w.diskUsedBytes(), Types.BIGINT)
                    .addValue("at", Timestamp.from(beat.sentAt())));
        }
    }
}
