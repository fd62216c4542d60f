package io.aicockpit.command.node;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.container.RemoveOrphanContainer;
import io.aicockpit.coreapi.node.NodeHeartbeat;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code command.node} up to date from the nodes' heartbeats: capacity and labels as the node states them,
 * liveness by this database's clock. A heartbeat of a node marked lost brings it back; the containers it still holds
 * of workspaces that were lost meanwhile (running ones) or have since been placed on another node are removed, their
 * volumes kept (docs/workspaces.md, "Lost nodes").
 */
class NodeHeartbeatListener {
    private static final Logger log = LoggerFactory.getLogger(NodeHeartbeatListener.class);
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final String nodeCommandsTopic;

    NodeHeartbeatListener(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, String> kafka,
                          String nodeCommandsTopic) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kafka = kafka;
        this.nodeCommandsTopic = nodeCommandsTopic;
    }

    @KafkaListener(topics = "${aicockpit.placement.heartbeats-topic:"
            + io.aicockpit.coreapi.messaging.Topics.NODE_HEARTBEATS + "}",
            groupId = "${aicockpit.placement.heartbeats-group:aicockpit-command-side-nodes}")
    void on(ConsumerRecord<String, String> record) throws Exception {
        NodeHeartbeat heartbeat;
        try {
            heartbeat = json.readValue(record.value(), NodeHeartbeat.class);
        } catch (IOException | RuntimeException e) {
            log.atWarn().addKeyValue("partition", record.partition()).addKeyValue("offset", record.offset())
                    .log("skipping unreadable node heartbeat");
            return;
        }
        List<RemoveOrphanContainer> removals = transactions.execute(tx -> store(heartbeat));
        for (RemoveOrphanContainer remove : removals == null ? List.<RemoveOrphanContainer>of() : removals) {
            kafka.send(nodeCommandsTopic, remove.nodeId().value(), json.writeValueAsString(remove))
                    .get(30, TimeUnit.SECONDS);
            log.atInfo().addKeyValue("nodeId", remove.nodeId()).addKeyValue("workspaceId", remove.workspaceId())
                    .addKeyValue("containerId", remove.containerId()).addKeyValue("reason", remove.reason())
                    .log("returning node told to remove a container it no longer runs (volume kept)");
        }
    }

    private List<RemoveOrphanContainer> store(NodeHeartbeat heartbeat) {
        String node = heartbeat.nodeId().value();
        List<Map<String, Object>> before = jdbc.queryForList(
                "SELECT lost_at, last_sent_at FROM command.node WHERE node_id = ? FOR UPDATE", node);
        if (!before.isEmpty() && before.get(0).get("last_sent_at") instanceof Timestamp last
                && !heartbeat.sentAt().isAfter(last.toInstant())) {
            return List.of(); // an older or repeated heartbeat
        }
        boolean returning = !before.isEmpty() && before.get(0).get("lost_at") != null;
        NodeHeartbeat.Capacity capacity = heartbeat.capacity();
        String labels;
        try {
            labels = json.writeValueAsString(heartbeat.labels());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("""
                INSERT INTO command.node (node_id, api_uri, labels, nano_cpus, memory_bytes, disk_bytes, max_workspaces,
                    started_at, last_sent_at, last_heartbeat_at, lost_at)
                VALUES (?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, now(), NULL)
                ON CONFLICT (node_id) DO UPDATE SET api_uri = EXCLUDED.api_uri, labels = EXCLUDED.labels,
                    nano_cpus = EXCLUDED.nano_cpus, memory_bytes = EXCLUDED.memory_bytes,
                    disk_bytes = EXCLUDED.disk_bytes, max_workspaces = EXCLUDED.max_workspaces,
                    started_at = EXCLUDED.started_at, last_sent_at = EXCLUDED.last_sent_at,
                    last_heartbeat_at = now(), lost_at = NULL""",
                node, heartbeat.apiUri() == null ? null : heartbeat.apiUri().toString(), labels,
                capacity.nanoCpus(), capacity.memoryBytes(), capacity.diskBytes(), capacity.maxWorkspaces(),
                heartbeat.startedAt() == null ? null : Timestamp.from(heartbeat.startedAt()),
                Timestamp.from(heartbeat.sentAt()));
        if (before.isEmpty()) {
            log.atInfo().addKeyValue("nodeId", node).addKeyValue("labels", heartbeat.labels())
                    .addKeyValue("maxWorkspaces", capacity.maxWorkspaces()).log("node registered");
        }
        if (!returning) {
            return List.of();
        }
        log.atWarn().addKeyValue("nodeId", node).log("lost node is back: its heartbeats arrive again");
        Set<UUID> placedHere = new HashSet<>(jdbc.queryForList(
                "SELECT workspace_id FROM command.node_slot WHERE node_id = ?", UUID.class, node));
        List<RemoveOrphanContainer> removals = new ArrayList<>();
        for (NodeHeartbeat.Container c : heartbeat.workspaces()) {
            if (c.workspaceId() == null || c.tenantId() == null || c.containerId() == null) {
                continue;
            }
            List<String> holder = jdbc.queryForList("SELECT node_id FROM command.workspace_node WHERE workspace_id = ?",
                    String.class, c.workspaceId().value());
            boolean moved = !holder.isEmpty() && !holder.get(0).equals(node);
            boolean runningUnplaced = c.running() && !placedHere.contains(c.workspaceId().value());
            if (moved || runningUnplaced) {
                removals.add(new RemoveOrphanContainer(c.workspaceId(), c.tenantId(), heartbeat.nodeId(),
                        c.containerId(), false, moved ? "workspace moved to node " + holder.get(0) + " while this "
                        + "node was lost" : "workspace was lost with this node"));
            }
        }
        return removals;
    }
}
