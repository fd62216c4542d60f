package io.aicockpit.command.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.command.node.PlacementStrategy.Room;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementStrategyTest {
    static final long CORE = 1_000_000_000L;
    static final long GIB = 1L << 30;

    @Test
    void spreadPicksTheLeastLoadedNodeAndPackTheFullestThatFits() {
        List<Room> rooms = List.of(
                new Room("a", 4 * CORE, 8 * GIB, 10, 3, 0, 0),
                new Room("b", 4 * CORE, 8 * GIB, 10, 1, 0, 0),
                new Room("c", 4 * CORE, 8 * GIB, 10, 9, 0, 0));
        assertThat(PlacementStrategy.SPREAD.choose(rooms, CORE / 2, GIB / 4)).get()
                .extracting(Room::nodeId).isEqualTo("b");
        assertThat(PlacementStrategy.PACK.choose(rooms, CORE / 2, GIB / 4)).get()
                .extracting(Room::nodeId).isEqualTo("c");
    }

    @Test
    void aNodeAtItsMaximumWorkspacesCpuOrMemoryIsNoCandidate() {
        List<Room> rooms = List.of(
                new Room("full", 4 * CORE, 8 * GIB, 1, 1, 0, 0),
                new Room("cpu", 1 * CORE, 8 * GIB, 10, 1, CORE / 2 + 1, 0),
                new Room("memory", 4 * CORE, 1 * GIB, 10, 1, 0, GIB - 10));
        assertThat(PlacementStrategy.SPREAD.choose(rooms, CORE / 2, GIB / 4)).isEmpty();
        assertThat(PlacementStrategy.PACK.choose(rooms, CORE / 2, GIB / 4)).isEmpty();
    }

    @Test
    void memoryAndCpuCountAsLoadNotOnlyTheNumberOfWorkspaces() {
        List<Room> rooms = List.of(
                new Room("busy-memory", 4 * CORE, 8 * GIB, 10, 1, 0, 6 * GIB),
                new Room("light", 4 * CORE, 8 * GIB, 10, 2, CORE, GIB));
        assertThat(PlacementStrategy.SPREAD.choose(rooms, CORE / 2, GIB / 2)).get()
                .extracting(Room::nodeId).isEqualTo("light");
    }

    @Test
    void tiesGoToTheSmallestNodeIdSoTheChoiceIsDeterministic() {
        List<Room> rooms = List.of(new Room("n2", CORE, GIB, 2, 0, 0, 0), new Room("n1", CORE, GIB, 2, 0, 0, 0));
        assertThat(PlacementStrategy.SPREAD.choose(rooms, 0, 0)).get().extracting(Room::nodeId).isEqualTo("n1");
        assertThat(PlacementStrategy.PACK.choose(rooms, 0, 0)).get().extracting(Room::nodeId).isEqualTo("n1");
    }
}
