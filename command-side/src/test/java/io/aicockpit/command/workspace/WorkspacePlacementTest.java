package io.aicockpit.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import io.aicockpit.command.node.PlacementStrategy;
import io.aicockpit.command.tenant.Tenant;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantPlacement;
import io.aicockpit.coreapi.tenant.TenantPlacementChanged;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ConfirmContainerAction;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.DeleteWorkspace;
import io.aicockpit.coreapi.workspace.MarkWorkspaceLost;
import io.aicockpit.coreapi.workspace.ReportWorkspaceCrashed;
import io.aicockpit.coreapi.workspace.StartWorkspace;
import io.aicockpit.coreapi.workspace.StopWorkspace;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceLost;
import io.aicockpit.coreapi.workspace.WorkspacePlaced;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The placement's part in the Workspace aggregate's rules: the event that records the node, lost nodes. */
class WorkspacePlacementTest {
    static final TenantId ACME = new TenantId("acme");
    static final Actor ALICE = new Actor("alice", "Alice", ActorType.USER);
    static final ResourceLimits LIMITS = new ResourceLimits(512 * ResourceLimits.MIB, 0, 1_000_000_000L, 256);
    static final String IMAGE = "aicockpit/busybox:local";
    static final long DISK = 2L * 1024 * 1024 * 1024;

    final WorkspaceId id = WorkspaceId.random();
    final ActionId start = ActionId.random();
    final NodeId nodeA = new NodeId("node-a");
    final NodeId nodeB = new NodeId("node-b");
    final WorkspaceCreated created = new WorkspaceCreated(id, ACME, "demo", "busybox", IMAGE, LIMITS, ALICE);

    private AggregateTestFixture<Workspace> fixture;
    private final InMemoryWorkspaceSlots slots = new InMemoryWorkspaceSlots();
    private final FakePlacement placement = new FakePlacement();

    /** Hands out nodes like the real placement would, by the strategy over a fixed set of rooms. */
    static class FakePlacement implements NodePlacement {
        final Map<String, PlacementStrategy.Room> rooms = new HashMap<>();
        final Map<WorkspaceId, String> held = new HashMap<>();
        final List<Request> requests = new ArrayList<>();

        @Override
        public Optional<NodeId> place(Request request) {
            requests.add(request);
            List<PlacementStrategy.Room> candidates = rooms.values().stream()
                    .filter(r -> request.volumeNode() == null || !rooms.containsKey(request.volumeNode().value())
                            || r.nodeId().equals(request.volumeNode().value()))
                    .map(r -> {
                        int n = (int) held.values().stream().filter(r.nodeId()::equals).count();
                        return new PlacementStrategy.Room(r.nodeId(), r.nanoCpus(), r.memoryBytes(),
                                r.maxWorkspaces(), n, 0, 0);
                    }).toList();
            PlacementStrategy.Room room = PlacementStrategy.SPREAD.choose(candidates,
                    request.limits().nanoCpus(), request.limits().memoryBytes())
                    .orElseThrow(() -> new NoNodeAvailable("no live worker node has room"));
            held.put(request.workspaceId(), room.nodeId());
            return Optional.of(new NodeId(room.nodeId()));
        }

        @Override
        public void release(WorkspaceId workspace) {
            held.remove(workspace);
        }

        void node(String id, int maxWorkspaces) {
            rooms.put(id, new PlacementStrategy.Room(id, 4_000_000_000L, 8L << 30, maxWorkspaces, 0, 0, 0));
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
        EmbeddedEventStore tenantEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        tenantEvents.publish(new GenericDomainEventMessage<>("Tenant", ACME.value(), 0,
                new TenantCreated(ACME, "Acme", new TenantQuotas(5, LIMITS, LIMITS), ALICE)));
        tenantEvents.publish(new GenericDomainEventMessage<>("Tenant", ACME.value(), 1,
                new TenantPlacementChanged(ACME, Map.of("pool", "general"), DISK, ALICE)));
        StackCatalog stacks = new StackCatalog(new CommandSideProperties(3, "actions", "results", Map.of("busybox",
                new StackTemplate(IMAGE, "tiny", List.of(), List.of("sleep", "1000"), "dev", Map.of()))));
        fixture.registerAnnotatedCommandHandler(new WorkspaceLifecycleHandler(fixture.getRepository(),
                EventSourcingRepository.builder(Tenant.class).eventStore(tenantEvents).build(), stacks, slots,
                placement));
    }

    private WorkspaceStartRequested startRequested(ActionId action) {
        return new WorkspaceStartRequested(id, ACME, action, "busybox", IMAGE, LIMITS, ALICE);
    }

    @Test
    void startRecordsTheChosenNodeAndTheTenantsDiskQuotaBeforeTheStartRequest() {
        placement.node("node-a", 2);
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectEvents(new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start));
        assertThat(placement.requests).singleElement().satisfies(r -> {
            assertThat(r.nodeSelector()).containsEntry("pool", "general");
            assertThat(r.limits()).isEqualTo(LIMITS);
            assertThat(r.volumeNode()).isNull();
        });
        assertThat(slots.running(ACME)).isEqualTo(1);
    }

    @Test
    void noNodeWithRoomRefusesTheStartAndChangesNothing() {
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectException(NoNodeAvailable.class)
                .expectNoEvents();
        assertThat(slots.running(ACME)).isZero();
    }

    @Test
    void aStateThatCannotStartIsRefusedBeforeAnyNodeIsReserved() {
        placement.node("node-a", 2);
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start))
                .when(new StartWorkspace(id, ACME, ActionId.random(), ALICE))
                .expectException(WorkspaceStateConflict.class);
        assertThat(placement.requests).isEmpty();
    }

    @Test
    void aRestartAsksForTheNodeHoldingTheVolume() {
        placement.node("node-a", 2);
        placement.node("node-b", 2);
        ActionId again = ActionId.random();
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeB, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeB, "c1"),
                        new WorkspaceStopRequested(id, ACME, ActionId.random(), ALICE),
                        new io.aicockpit.coreapi.workspace.WorkspaceStopped(id, ACME, ActionId.random(), nodeB))
                .when(new StartWorkspace(id, ACME, again, ALICE))
                .expectEvents(new WorkspacePlaced(id, ACME, again, nodeB, DISK), startRequested(again));
        assertThat(placement.requests).singleElement().extracting(NodePlacement.Request::volumeNode).isEqualTo(nodeB);
    }

    // lost nodes

    @Test
    void aRunningWorkspaceOnTheLostNodeBecomesLost() {
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"))
                .when(new MarkWorkspaceLost(id, ACME, nodeA, "node node-a lost"))
                .expectEvents(new WorkspaceLost(id, ACME, nodeA, "node node-a lost"))
                .expectState(w -> assertThat(w.status()).isEqualTo(WorkspaceStatus.LOST));
    }

    @Test
    void aProvisioningWorkspaceIsLostAndItsLateResultChangesNothing() {
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceLost(id, ACME, nodeA, "lost"))
                .when(new ConfirmContainerAction(id, ACME, start, ContainerActionType.START, nodeA, "c1"))
                .expectNoEvents()
                .expectState(w -> assertThat(w.status()).isEqualTo(WorkspaceStatus.LOST));
    }

    @Test
    void anotherNodesLossOrAStoppedWorkspaceIsIgnored() {
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"))
                .when(new MarkWorkspaceLost(id, ACME, nodeB, "node node-b lost"))
                .expectNoEvents();
        fixture.given(created)
                .when(new MarkWorkspaceLost(id, ACME, nodeA, "node node-a lost"))
                .expectNoEvents();
    }

    @Test
    void aLostWorkspaceIgnoresCrashReportsOfItsOldContainer() {
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"), new WorkspaceLost(id, ACME, nodeA, "lost"))
                .when(new ReportWorkspaceCrashed(id, ACME, nodeA, "c1", 137, false, Instant.now(), "killed"))
                .expectNoEvents();
    }

    @Test
    void aLostWorkspaceStartsAgainOnAnotherNode() {
        placement.node("node-b", 1);
        ActionId again = ActionId.random();
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"), new WorkspaceLost(id, ACME, nodeA, "lost"))
                .when(new StartWorkspace(id, ACME, again, ALICE))
                .expectEvents(new WorkspacePlaced(id, ACME, again, nodeB, DISK), startRequested(again));
    }

    @Test
    void aLostWorkspaceCannotBeStoppedButIsDeletedAtOnce() {
        ActionId delete = ActionId.random();
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"), new WorkspaceLost(id, ACME, nodeA, "lost"))
                .when(new StopWorkspace(id, ACME, ActionId.random(), ALICE), Map.of(Workspace.CALLER_ROLES, ""))
                .expectException(WorkspaceStateConflict.class);
        fixture.given(created, new WorkspacePlaced(id, ACME, start, nodeA, DISK), startRequested(start),
                        new WorkspaceStarted(id, ACME, start, nodeA, "c1"), new WorkspaceLost(id, ACME, nodeA, "lost"))
                .when(new DeleteWorkspace(id, ACME, delete, ALICE), Map.of(Workspace.CALLER_ROLES, ""))
                .expectEvents(new WorkspaceDeleted(id, ACME, delete, nodeA));
    }

    @Test
    void lossReleasesTheRunningSlotAndTheNodesRoom() {
        slots.reserve(ACME, id, 5);
        placement.held.put(id, "node-a");
        new WorkspaceSlotRelease(slots, placement).on(new WorkspaceLost(id, ACME, nodeA, "lost"));
        assertThat(slots.running(ACME)).isZero();
        assertThat(placement.held).isEmpty();
    }

    @Test
    void tenantPlacementRulesAreChecked() {
        assertThat(TenantPlacement.invalidSelector(Map.of("pool", "gpu"))).isNull();
        assertThat(TenantPlacement.invalidSelector(Map.of("pool", "a b"))).isNotNull();
        assertThat(TenantPlacement.validDisk(TenantPlacement.DEFAULT_DISK_BYTES)).isTrue();
        assertThat(TenantPlacement.validDisk(1024)).isFalse();
    }
}
