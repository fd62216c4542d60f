package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Slot bookkeeping for fixture tests; the real, transactional one is covered by WorkspaceQuotaIT. */
class InMemoryWorkspaceSlots implements WorkspaceSlots {
    final Map<TenantId, Set<WorkspaceId>> held = new HashMap<>();

    @Override
    public void reserve(TenantId tenant, WorkspaceId workspace, int maxRunning) {
        Set<WorkspaceId> slots = held.computeIfAbsent(tenant, t -> new HashSet<>());
        if (slots.contains(workspace)) {
            return;
        }
        if (slots.size() >= maxRunning) {
            throw new TenantQuotaExceeded(tenant, maxRunning);
        }
        slots.add(workspace);
    }

    @Override
    public void release(TenantId tenant, WorkspaceId workspace) {
        held.getOrDefault(tenant, new HashSet<>()).remove(workspace);
    }

    @Override
    public int running(TenantId tenant) {
        return held.getOrDefault(tenant, Set.of()).size();
    }
}
