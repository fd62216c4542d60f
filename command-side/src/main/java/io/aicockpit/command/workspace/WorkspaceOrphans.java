package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Whether a workspace still wants a container a node found. Reads only the workspace's last event in the event
 * store (no aggregate is loaded or locked): a container is an orphan when its workspace was deleted, when the store
 * has never heard of the workspace, or when the workspace belongs to another tenant than the container's label says.
 */
@Component
public class WorkspaceOrphans {
    /** What the event store says about the workspace a container is labelled with. */
    public enum Verdict {
        /** The workspace exists in the labelled tenant and is not deleted: leave the container alone. */
        WANTED,
        /** The workspace was deleted: the container and its volume are leftovers. */
        DELETED,
        /** No such workspace (or another tenant's): remove the container, keep the volume. */
        UNKNOWN
    }

    private final EventStore events;

    WorkspaceOrphans(EventStore events) {
        this.events = events;
    }

    public Verdict judge(WorkspaceId workspace, TenantId labelledTenant) {
        Optional<Long> last = events.lastSequenceNumberFor(workspace.toString());
        if (last.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        DomainEventStream stream = events.readEvents(workspace.toString(), last.get());
        if (!stream.hasNext()) {
            return Verdict.UNKNOWN;
        }
        DomainEventMessage<?> message = stream.next();
        if (!(message.getPayload() instanceof WorkspaceEvent event) || !event.tenantId().equals(labelledTenant)) {
            return Verdict.UNKNOWN;
        }
        return event instanceof WorkspaceDeleted ? Verdict.DELETED : Verdict.WANTED;
    }
}
