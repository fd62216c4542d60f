package io.aicockpit.aiworker.assist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceActivity;
import io.aicockpit.coreapi.workspace.WorkspaceActivityKind;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * A workspace AI request is use of the workspace, so idle auto-stop must not stop a workspace whose developer is
 * chatting about it (docs/workspaces.md). Reported like the nodes report terminal and file use: a
 * {@link WorkspaceActivity} of kind {@code AI} on the internal activity topic, keyed by workspace id, at most once per
 * workspace per {@code aicockpit.ai-worker.activity-interval} (the first request after a quiet interval goes out at
 * once). A report that Kafka refuses is only logged: the next request reports again, and the node's own reports
 * keep counting.
 */
@Component
class WorkspaceAiActivity {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAiActivity.class);
    private static final int MAX_REMEMBERED = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final String topic;
    private final long intervalMillis;
    private final ConcurrentHashMap<String, Long> lastReported = new ConcurrentHashMap<>();

    WorkspaceAiActivity(KafkaTemplate<String, String> kafka, Clock clock,
                        @Value("${aicockpit.ai-worker.activity-topic:" + Topics.WORKSPACE_ACTIVITY + "}") String topic,
                        @Value("${aicockpit.ai-worker.activity-interval:30s}") Duration interval) {
        this.kafka = kafka;
        this.clock = clock;
        this.topic = topic;
        this.intervalMillis = interval.toMillis();
    }

    /** The caller asked the AI about a workspace it may see; tenant and node as query-side showed them. */
    void used(String workspaceId, String tenantId, String nodeId) {
        if (tenantId == null) {
            return;
        }
        long now = clock.millis();
        boolean[] due = {false};
        lastReported.compute(workspaceId, (id, last) -> {
            if (last == null || now - last >= intervalMillis) {
                due[0] = true;
                return now;
            }
            return last;
        });
        if (!due[0]) {
            return;
        }
        if (lastReported.size() > MAX_REMEMBERED) {
            lastReported.clear();
        }
        String payload;
        try {
            payload = JSON.writeValueAsString(new WorkspaceActivity(WorkspaceId.of(workspaceId),
                    new TenantId(tenantId), nodeId == null ? null : new NodeId(nodeId), clock.instant(),
                    Set.of(WorkspaceActivityKind.AI)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.atWarn().addKeyValue("workspaceId", workspaceId).addKeyValue("reason", e.toString())
                    .log("could not report workspace AI activity");
            return;
        }
        kafka.send(topic, workspaceId, payload).whenComplete((result, failure) -> {
            if (failure != null) {
                log.atWarn().addKeyValue("workspaceId", workspaceId).addKeyValue("reason", failure.toString())
                        .log("workspace AI activity not reported; the next request reports again");
                lastReported.remove(workspaceId);
            }
        });
    }
}
