package io.aicockpit.command.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import io.aicockpit.command.tenant.LimitsExceedTenantMaximum;
import io.aicockpit.command.tenant.Tenant;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.RequestedLimits;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.ConfirmContainerAction;
import io.aicockpit.coreapi.workspace.ContainerActionType;
import io.aicockpit.coreapi.workspace.CreateWorkspace;
import io.aicockpit.coreapi.workspace.DeleteWorkspace;
import io.aicockpit.coreapi.workspace.RenameWorkspace;
import io.aicockpit.coreapi.workspace.ReportContainerActionFailure;
import io.aicockpit.coreapi.workspace.ReportWorkspaceCrashed;
import io.aicockpit.coreapi.workspace.StartWorkspace;
import io.aicockpit.coreapi.workspace.StopWorkspace;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceDeleteRequested;
import io.aicockpit.coreapi.workspace.WorkspaceDeleted;
import io.aicockpit.coreapi.workspace.WorkspaceFailed;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceRenamed;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceTest {
    static final long MIB = ResourceLimits.MIB;
    static final TenantId ACME = new TenantId("acme");
    static final TenantId GLOBEX = new TenantId("globex");
    static final TenantId UNKNOWN = new TenantId("nobody");
    static final Actor ALICE = new Actor("alice", "Alice", ActorType.USER);
    static final ResourceLimits DEFAULTS = new ResourceLimits(512 * MIB, 0, 1_000_000_000L, 256);
    static final ResourceLimits MAX = new ResourceLimits(2048 * MIB, 512 * MIB, 2_000_000_000L, 1024);
    static final String IMAGE = "aicockpit/busybox:local";

    final WorkspaceId id = WorkspaceId.random();
    final ActionId start = ActionId.random();
    final ActionId stop = ActionId.random();
    final ActionId delete = ActionId.random();
    final NodeId node = new NodeId("node-1");
    final WorkspaceCreated created = new WorkspaceCreated(id, ACME, "demo", "busybox", IMAGE, DEFAULTS, ALICE);

    private AggregateTestFixture<Workspace> fixture;
    private InMemoryWorkspaceSlots slots;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
        EmbeddedEventStore tenantEvents = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine()).build();
        tenantEvents.publish(new GenericDomainEventMessage<>("Tenant", ACME.value(), 0,
                new TenantCreated(ACME, "Acme", new TenantQuotas(2, DEFAULTS, MAX), ALICE)));
        tenantEvents.publish(new GenericDomainEventMessage<>("Tenant", GLOBEX.value(), 0,
                new TenantCreated(GLOBEX, "Globex", new TenantQuotas(2, DEFAULTS, MAX), ALICE)));
        slots = new InMemoryWorkspaceSlots();
        StackCatalog stacks = new StackCatalog(new CommandSideProperties(3, "actions", "results", Map.of("busybox",
                new StackTemplate(IMAGE, "tiny", List.of(), List.of("sleep", "1000"), "dev", Map.of()))));
        fixture.registerAnnotatedCommandHandler(new WorkspaceLifecycleHandler(fixture.getRepository(),
                EventSourcingRepository.builder(Tenant.class).eventStore(tenantEvents).build(), stacks, slots));
    }

    // create

    @Test
    void createsWorkspaceWithStackImageAndTenantDefaults() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, " demo ", "busybox", RequestedLimits.DEFAULTS, ALICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created);
    }

    @Test
    void createsWorkspaceWithRequestedLimitsFilledFromDefaults() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, "demo", "busybox",
                        new RequestedLimits(1024 * MIB, 256 * MIB, null, null), ALICE))
                .expectEvents(new WorkspaceCreated(id, ACME, "demo", "busybox", IMAGE,
                        new ResourceLimits(1024 * MIB, 256 * MIB, 1_000_000_000L, 256), ALICE));
    }

    @Test
    void refusesWorkspaceFromUnknownStack() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, "demo", "cobol_85", RequestedLimits.DEFAULTS, ALICE))
                .expectException(WorkspaceRuleViolation.class)
                .expectExceptionMessage("unknown stack 'cobol_85'; known stacks: busybox")
                .expectNoEvents();
    }

    @Test
    void refusesWorkspaceWithBlankOrControlCharacterName() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, "  ", "busybox", RequestedLimits.DEFAULTS, ALICE))
                .expectException(WorkspaceRuleViolation.class);
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, "a\u0000b", "busybox", RequestedLimits.DEFAULTS, ALICE))
                .expectException(WorkspaceRuleViolation.class);
    }

    @Test
    void refusesWorkspaceWithLimitsAboveTenantMaximum() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, ACME, "demo", "busybox",
                        new RequestedLimits(null, null, null, 5000L), ALICE))
                .expectException(LimitsExceedTenantMaximum.class)
                .expectNoEvents();
    }

    @Test
    void refusesWorkspaceForTenantNotOnboarded() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(id, UNKNOWN, "demo", "busybox", RequestedLimits.DEFAULTS, ALICE))
                .expectException(TenantNotOnboarded.class);
    }

    // start

    @Test
    void startsStoppedWorkspaceAndReservesASlot() {
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectEvents(new WorkspaceStartRequested(id, ACME, start, "busybox", IMAGE, DEFAULTS, ALICE));
        assertThat(slots.running(ACME)).isEqualTo(1);
    }

    @Test
    void refusesStartWhenTenantQuotaIsReached() {
        slots.reserve(ACME, WorkspaceId.random(), 2);
        slots.reserve(ACME, WorkspaceId.random(), 2);
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectException(TenantQuotaExceeded.class)
                .expectNoEvents();
        assertThat(slots.running(ACME)).isEqualTo(2);
    }

    @Test
    void anotherTenantsQuotaDoesNotCount() {
        slots.reserve(GLOBEX, WorkspaceId.random(), 2);
        slots.reserve(GLOBEX, WorkspaceId.random(), 2);
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void refusesStartOfRunningWorkspace() {
        fixture.given(created, startRequested(), started())
                .when(new StartWorkspace(id, ACME, ActionId.random(), ALICE))
                .expectException(WorkspaceStateConflict.class)
                .expectExceptionMessage("workspace " + id + " is RUNNING: it is already running");
    }

    @Test
    void refusesStartWhileProvisioning() {
        fixture.given(created, startRequested())
                .when(new StartWorkspace(id, ACME, ActionId.random(), ALICE))
                .expectException(WorkspaceStateConflict.class);
    }

    @Test
    void restartsFailedWorkspace() {
        ActionId retry = ActionId.random();
        fixture.given(created, startRequested(), failed(start, ContainerActionType.START))
                .when(new StartWorkspace(id, ACME, retry, ALICE))
                .expectEvents(new WorkspaceStartRequested(id, ACME, retry, "busybox", IMAGE, DEFAULTS, ALICE));
    }

    @Test
    void treatsAnotherTenantsWorkspaceAsMissingOnStart() {
        fixture.given(created)
                .when(new StartWorkspace(id, GLOBEX, start, ALICE))
                .expectException(WorkspaceNotFound.class)
                .expectNoEvents();
    }

    @Test
    void refusesStartOfUnknownWorkspace() {
        fixture.givenNoPriorActivity()
                .when(new StartWorkspace(id, ACME, start, ALICE))
                .expectException(WorkspaceNotFound.class);
    }

    // stop

    @Test
    void stopsRunningWorkspace() {
        fixture.given(created, startRequested(), started())
                .when(new StopWorkspace(id, ACME, stop, ALICE))
                .expectEvents(new WorkspaceStopRequested(id, ACME, stop, ALICE));
    }

    @Test
    void stopsWorkspaceStillProvisioning() {
        fixture.given(created, startRequested())
                .when(new StopWorkspace(id, ACME, stop, ALICE))
                .expectEvents(new WorkspaceStopRequested(id, ACME, stop, ALICE));
    }

    @Test
    void refusesStopOfStoppedWorkspace() {
        fixture.given(created)
                .when(new StopWorkspace(id, ACME, stop, ALICE))
                .expectException(WorkspaceStateConflict.class)
                .expectNoEvents();
    }

    @Test
    void treatsAnotherTenantsWorkspaceAsMissingOnStop() {
        fixture.given(created, startRequested(), started())
                .when(new StopWorkspace(id, GLOBEX, stop, ALICE))
                .expectException(WorkspaceNotFound.class);
    }

    // who may act on the workspace

    @Test
    void developerCannotActOnAColleaguesWorkspace() {
        Actor bob = new Actor("bob", "Bob", ActorType.USER);
        Map<String, String> developer = Map.of(Workspace.CALLER_ROLES, "DEVELOPER");
        fixture.given(created, startRequested(), started())
                .when(new StopWorkspace(id, ACME, stop, bob), developer)
                .expectException(WorkspaceNotFound.class)
                .expectNoEvents();
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, bob), developer)
                .expectException(WorkspaceNotFound.class);
        fixture.given(created)
                .when(new RenameWorkspace(id, ACME, "mine", bob), developer)
                .expectException(WorkspaceNotFound.class);
        fixture.given(created)
                .when(new DeleteWorkspace(id, ACME, delete, bob), developer)
                .expectException(WorkspaceNotFound.class);
    }

    @Test
    void orgAdminsAndIntegrationsActOnEveryWorkspaceOfTheirTenant() {
        Actor admin = new Actor("root", "Admin", ActorType.USER);
        fixture.given(created, startRequested(), started())
                .when(new StopWorkspace(id, ACME, stop, admin), Map.of(Workspace.CALLER_ROLES, "DEVELOPER,ORG_ADMIN"))
                .expectEvents(new WorkspaceStopRequested(id, ACME, stop, admin));
        Actor ci = new Actor("ci-bot", "CI", ActorType.INTEGRATION);
        fixture.given(created)
                .when(new StartWorkspace(id, ACME, start, ci), Map.of(Workspace.CALLER_ROLES, "INTEGRATION"))
                .expectEvents(new WorkspaceStartRequested(id, ACME, start, "busybox", IMAGE, DEFAULTS, ci));
    }

    @Test
    void anOrgAdminOfAnotherTenantStillFindsNothing() {
        fixture.given(created)
                .when(new DeleteWorkspace(id, GLOBEX, delete, ALICE), Map.of(Workspace.CALLER_ROLES, "ORG_ADMIN"))
                .expectException(WorkspaceNotFound.class);
    }

    // delete

    @Test
    void deletesStoppedWorkspace() {
        fixture.given(created)
                .when(new DeleteWorkspace(id, ACME, delete, ALICE))
                .expectEvents(new WorkspaceDeleteRequested(id, ACME, delete, ALICE));
    }

    @Test
    void deletesRunningWorkspace() {
        fixture.given(created, startRequested(), started())
                .when(new DeleteWorkspace(id, ACME, delete, ALICE))
                .expectEvents(new WorkspaceDeleteRequested(id, ACME, delete, ALICE));
    }

    @Test
    void refusesDeleteWhileStopping() {
        fixture.given(created, startRequested(), started(), new WorkspaceStopRequested(id, ACME, stop, ALICE))
                .when(new DeleteWorkspace(id, ACME, delete, ALICE))
                .expectException(WorkspaceStateConflict.class);
    }

    @Test
    void treatsAnotherTenantsWorkspaceAsMissingOnDelete() {
        fixture.given(created)
                .when(new DeleteWorkspace(id, GLOBEX, delete, ALICE))
                .expectException(WorkspaceNotFound.class);
    }

    @Test
    void refusesAnyCommandOnDeletedWorkspace() {
        fixture.given(created, new WorkspaceDeleteRequested(id, ACME, delete, ALICE),
                        new WorkspaceDeleted(id, ACME, delete, node))
                .when(new RenameWorkspace(id, ACME, "again", ALICE))
                .expectException(AggregateDeletedException.class);
    }

    // rename

    @Test
    void renamesWorkspace() {
        fixture.given(created)
                .when(new RenameWorkspace(id, ACME, "renamed", ALICE))
                .expectEvents(new WorkspaceRenamed(id, ACME, "renamed", ALICE));
    }

    @Test
    void renameToSameNameProducesNoEvent() {
        fixture.given(created)
                .when(new RenameWorkspace(id, ACME, "demo", ALICE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesRenameToBlankName() {
        fixture.given(created)
                .when(new RenameWorkspace(id, ACME, "", ALICE))
                .expectException(WorkspaceRuleViolation.class);
    }

    @Test
    void refusesRenameWhileDeleting() {
        fixture.given(created, new WorkspaceDeleteRequested(id, ACME, delete, ALICE))
                .when(new RenameWorkspace(id, ACME, "renamed", ALICE))
                .expectException(WorkspaceStateConflict.class);
    }

    @Test
    void treatsAnotherTenantsWorkspaceAsMissingOnRename() {
        fixture.given(created)
                .when(new RenameWorkspace(id, GLOBEX, "renamed", ALICE))
                .expectException(WorkspaceNotFound.class);
    }

    // worker results

    @Test
    void pendingStartConfirmationMakesWorkspaceRunning() {
        fixture.given(created, startRequested())
                .when(new ConfirmContainerAction(id, ACME, start, ContainerActionType.START, node, "c1"))
                .expectEvents(started());
    }

    @Test
    void redeliveredConfirmationChangesNothing() {
        fixture.given(created, startRequested(), started())
                .when(new ConfirmContainerAction(id, ACME, start, ContainerActionType.START, node, "c1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void confirmationOfAnotherActionChangesNothing() {
        fixture.given(created, startRequested())
                .when(new ConfirmContainerAction(id, ACME, ActionId.random(), ContainerActionType.START, node, "c1"))
                .expectNoEvents();
        fixture.given(created, startRequested())
                .when(new ConfirmContainerAction(id, ACME, start, ContainerActionType.STOP, node, "c1"))
                .expectNoEvents();
    }

    @Test
    void lateStartConfirmationAfterStopRequestChangesNothing() {
        fixture.given(created, startRequested(), new WorkspaceStopRequested(id, ACME, stop, ALICE))
                .when(new ConfirmContainerAction(id, ACME, start, ContainerActionType.START, node, "c1"))
                .expectNoEvents();
    }

    @Test
    void stopConfirmationMakesWorkspaceStopped() {
        fixture.given(created, startRequested(), started(), new WorkspaceStopRequested(id, ACME, stop, ALICE))
                .when(new ConfirmContainerAction(id, ACME, stop, ContainerActionType.STOP, node, null))
                .expectEvents(new WorkspaceStopped(id, ACME, stop, node));
    }

    @Test
    void deleteConfirmationDeletesWorkspace() {
        fixture.given(created, new WorkspaceDeleteRequested(id, ACME, delete, ALICE))
                .when(new ConfirmContainerAction(id, ACME, delete, ContainerActionType.DELETE, node, null))
                .expectEvents(new WorkspaceDeleted(id, ACME, delete, node))
                .expectMarkedDeleted();
    }

    @Test
    void pendingFailureMakesWorkspaceFailedWithReason() {
        fixture.given(created, startRequested())
                .when(new ReportContainerActionFailure(id, ACME, start, ContainerActionType.START, node,
                        "image aicockpit/busybox:local is not present"))
                .expectEvents(new WorkspaceFailed(id, ACME, start, ContainerActionType.START, node,
                        "image aicockpit/busybox:local is not present"));
    }

    @Test
    void staleFailureChangesNothing() {
        fixture.given(created, startRequested(), started())
                .when(new ReportContainerActionFailure(id, ACME, start, ContainerActionType.START, node, "boom"))
                .expectNoEvents();
    }

    @Test
    void resultFromAnotherTenantChangesNothing() {
        fixture.given(created, startRequested())
                .when(new ConfirmContainerAction(id, GLOBEX, start, ContainerActionType.START, node, "c1"))
                .expectNoEvents();
    }

    // crashes reported by the node's reconciler

    @Test
    void runningWorkspaceWhoseContainerExitedCrashesWithTheReason() {
        fixture.given(created, startRequested(), started())
                .when(crashReport("c1", 137, false, "exited with code 137 (killed)"))
                .expectEvents(new WorkspaceCrashed(id, ACME, node, "c1", 137, false, "exited with code 137 (killed)"));
    }

    @Test
    void outOfMemoryKillWithExitCodeZeroCrashesNamingOom() {
        fixture.given(created, startRequested(), started())
                .when(crashReport("c1", 0, true, null))
                .expectEvents(new WorkspaceCrashed(id, ACME, node, "c1", 0, true, "killed: out of memory (OOM)"));
    }

    @Test
    void crashReportOfAnotherContainerChangesNothing() {
        fixture.given(created, startRequested(), started())
                .when(crashReport("c-old", 137, false, "exited with code 137 (killed)"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void crashReportOfAnEarlierRunChangesNothing() {
        fixture.given(created, startRequested(), started())
                .when(new ReportWorkspaceCrashed(id, ACME, node, "c1", 137, false,
                        fixture.currentTime().minus(Duration.ofMinutes(1)), "exited with code 137 (killed)"))
                .expectNoEvents();
    }

    @Test
    void crashReportWhileStoppingChangesNothing() {
        fixture.given(created, startRequested(), started(), new WorkspaceStopRequested(id, ACME, stop, ALICE))
                .when(crashReport("c1", 137, false, "exited with code 137 (killed)"))
                .expectNoEvents();
    }

    @Test
    void crashReportWhileDeletingChangesNothing() {
        fixture.given(created, startRequested(), started(), new WorkspaceDeleteRequested(id, ACME, delete, ALICE))
                .when(crashReport("c1", 137, false, "exited with code 137 (killed)"))
                .expectNoEvents();
    }

    @Test
    void crashReportOfAStoppedWorkspaceChangesNothing() {
        fixture.given(created, startRequested(), started(), new WorkspaceStopRequested(id, ACME, stop, ALICE),
                        new WorkspaceStopped(id, ACME, stop, node))
                .when(crashReport("c1", 0, false, "exited with code 0"))
                .expectNoEvents();
    }

    @Test
    void crashReportWhileProvisioningChangesNothing() {
        fixture.given(created, startRequested())
                .when(crashReport("c1", 1, false, "exited with code 1"))
                .expectNoEvents();
    }

    @Test
    void secondReportOfTheSameCrashChangesNothing() {
        fixture.given(created, startRequested(), started(), crashed())
                .when(crashReport("c1", 137, false, "exited with code 137 (killed)"))
                .expectNoEvents();
    }

    @Test
    void crashReportFromAnotherTenantChangesNothing() {
        fixture.given(created, startRequested(), started())
                .when(new ReportWorkspaceCrashed(id, GLOBEX, node, "c1", 137, false,
                        fixture.currentTime().plusSeconds(5), "exited with code 137 (killed)"))
                .expectNoEvents();
    }

    @Test
    void startsCrashedWorkspaceAgainAndReservesASlot() {
        ActionId again = ActionId.random();
        fixture.given(created, startRequested(), started(), crashed())
                .when(new StartWorkspace(id, ACME, again, ALICE))
                .expectEvents(new WorkspaceStartRequested(id, ACME, again, "busybox", IMAGE, DEFAULTS, ALICE));
        assertThat(slots.running(ACME)).isEqualTo(1);
    }

    @Test
    void stopsCrashedWorkspace() {
        fixture.given(created, startRequested(), started(), crashed())
                .when(new StopWorkspace(id, ACME, stop, ALICE))
                .expectEvents(new WorkspaceStopRequested(id, ACME, stop, ALICE));
    }

    @Test
    void deletesCrashedWorkspace() {
        fixture.given(created, startRequested(), started(), crashed())
                .when(new DeleteWorkspace(id, ACME, delete, ALICE))
                .expectEvents(new WorkspaceDeleteRequested(id, ACME, delete, ALICE));
    }

    @Test
    void crashOfTheNextRunInTheSameContainerIsReportedAgain() {
        ActionId again = ActionId.random();
        fixture.given(created, startRequested(), started(), crashed())
                .andGivenCurrentTime(fixture.currentTime().plusSeconds(60))
                .andGiven(new WorkspaceStartRequested(id, ACME, again, "busybox", IMAGE, DEFAULTS, ALICE),
                        new WorkspaceStarted(id, ACME, again, node, "c1"))
                .when(crashReport("c1", 1, false, "exited with code 1"))
                .expectEvents(new WorkspaceCrashed(id, ACME, node, "c1", 1, false, "exited with code 1"));
    }

    @Test
    void crashReleasesTheRunningSlot() {
        slots.reserve(ACME, id, 2);
        new WorkspaceSlotRelease(slots, NodePlacement.OFF).on(crashed());
        assertThat(slots.running(ACME)).isZero();
    }

    private ReportWorkspaceCrashed crashReport(String containerId, int exitCode, boolean oom, String reason) {
        return new ReportWorkspaceCrashed(id, ACME, node, containerId, exitCode, oom,
                fixture.currentTime().plusSeconds(5), reason);
    }

    private WorkspaceCrashed crashed() {
        return new WorkspaceCrashed(id, ACME, node, "c1", 137, false, "exited with code 137 (killed)");
    }

    private WorkspaceStartRequested startRequested() {
        return new WorkspaceStartRequested(id, ACME, start, "busybox", IMAGE, DEFAULTS, ALICE);
    }

    private WorkspaceStarted started() {
        return new WorkspaceStarted(id, ACME, start, node, "c1");
    }

    private WorkspaceFailed failed(ActionId action, ContainerActionType type) {
        return new WorkspaceFailed(id, ACME, action, type, node, "boom");
    }
}
