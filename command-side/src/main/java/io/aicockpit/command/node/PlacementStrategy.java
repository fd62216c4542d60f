package io.aicockpit.command.node;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * How a start picks one of the live nodes that match the tenant and have room. Both rank nodes by their fullest
 * dimension after the placement (workspaces, CPU or memory, each as a fraction of the node's capacity), ties broken
 * by node id so the choice is deterministic.
 */
public enum PlacementStrategy {
    /** The least loaded node: workspaces spread over the fleet, a node's loss hits few. */
    SPREAD,
    /** The most loaded node that still fits: nodes fill up one after another, empty ones can be drained. */
    PACK;

    /** A candidate node: its capacity and what the workspaces placed on it reserve. */
    public record Room(String nodeId, long nanoCpus, long memoryBytes, int maxWorkspaces, int workspaces,
                       long reservedNanoCpus, long reservedMemoryBytes) {

        /** Whether one more workspace with these limits fits. A limit of 0 means "unlimited" and takes nothing. */
        public boolean fits(long wantNanoCpus, long wantMemoryBytes) {
            return workspaces + 1 <= maxWorkspaces
                    && reservedNanoCpus + wantNanoCpus <= nanoCpus
                    && reservedMemoryBytes + wantMemoryBytes <= memoryBytes;
        }

        /** The fullest dimension after adding the workspace, 0..1. */
        double loadAfter(long wantNanoCpus, long wantMemoryBytes) {
            double w = (workspaces + 1) / (double) Math.max(1, maxWorkspaces);
            double c = nanoCpus <= 0 ? 0 : (reservedNanoCpus + wantNanoCpus) / (double) nanoCpus;
            double m = memoryBytes <= 0 ? 0 : (reservedMemoryBytes + wantMemoryBytes) / (double) memoryBytes;
            return Math.max(w, Math.max(c, m));
        }
    }

    /** The node to use among {@code candidates}, or empty when none has room. */
    public Optional<Room> choose(List<Room> candidates, long wantNanoCpus, long wantMemoryBytes) {
        Comparator<Room> byLoad = Comparator.comparingDouble(r -> r.loadAfter(wantNanoCpus, wantMemoryBytes));
        Comparator<Room> order = (this == SPREAD ? byLoad : byLoad.reversed()).thenComparing(Room::nodeId);
        return candidates.stream().filter(r -> r.fits(wantNanoCpus, wantMemoryBytes)).min(order);
    }
}
