package io.aicockpit.command.workspace;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.NodeId;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.workspace.ActionId;
import io.aicockpit.coreapi.workspace.CancelWorkspaceIdleStop;
import io.aicockpit.coreapi.workspace.StopIdleWorkspace;
import io.aicockpit.coreapi.workspace.StopReason;
import io.aicockpit.coreapi.workspace.WarnWorkspaceIdle;
import io.aicockpit.coreapi.workspace.WorkspaceCrashed;
import io.aicockpit.coreapi.workspace.WorkspaceCreated;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopCancelled;
import io.aicockpit.coreapi.workspace.WorkspaceIdleStopWarned;
import io.aicockpit.coreapi.workspace.WorkspaceStartRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStarted;
import io.aicockpit.coreapi.workspace.WorkspaceStopRequested;
import io.aicockpit.coreapi.workspace.WorkspaceStopped;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Workspace's idle rules: warn once per idle period, withdraw on newer activity, stop only what was warned. */
class WorkspaceIdleStopTest {
    static final TenantId ACME = new TenantId("acme");
    static final TenantId GLOBEX = new TenantId("globex");
    static final Actor ALICE = new Actor("alice", "Alice", ActorType.USER);
    static final ResourceLimits LIMITS = new ResourceLimits(512 * ResourceLimits.MIB, 0, 1_000_000_000L, 256);
    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    final WorkspaceId id = WorkspaceId.random();
    final ActionId start = ActionId.random();
    final ActionId stop = ActionId.random();
    final WorkspaceCreated created = new WorkspaceCreated(id, ACME, "demo", "busybox", "img", LIMITS, ALICE);
    final WorkspaceStartRequested startRequested =
            new WorkspaceStartRequested(id, ACME, start, "busybox", "img", LIMITS, ALICE);
    final WorkspaceStarted started = new WorkspaceStarted(id, ACME, start, new NodeId("node-1"), "c1");
    final Instant idleSince = T0.plusSeconds(5);
    final Instant stopAt = idleSince.plus(Duration.ofMinutes(30));
    final WorkspaceIdleStopWarned warned = new WorkspaceIdleStopWarned(id, ACME, idleSince, stopAt);

    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
        fixture.setReportIllegalStateChange(true);
        fixture.givenCurrentTime(T0);
    }

    @Test
    void warnsRunningWorkspaceThatIsIdle() {
        fixture.given(created, startRequested, started)
                .when(new WarnWorkspaceIdle(id, ACME, idleSince, stopAt))
                .expectSuccessfulHandlerExecution()
                .expectEvents(warned);
    }

    @Test
    void repeatedWarningForTheSameIdlePeriodChangesNothing() {
        fixture.given(created, startRequested, started, warned)
                .when(new WarnWorkspaceIdle(id, ACME, idleSince, stopAt.plusSeconds(1)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void warnsAgainForANewIdlePeriodAfterActivity() {
        Instant later = idleSince.plusSeconds(600);
        fixture.given(created, startRequested, started, warned,
                        new WorkspaceIdleStopCancelled(id, ACME, later))
                .when(new WarnWorkspaceIdle(id, ACME, later, later.plus(Duration.ofMinutes(30))))
                .expectEvents(new WorkspaceIdleStopWarned(id, ACME, later, later.plus(Duration.ofMinutes(30))));
    }

    @Test
    void doesNotWarnAWorkspaceThatIsNotRunning() {
        fixture.given(created, startRequested)
                .when(new WarnWorkspaceIdle(id, ACME, idleSince, stopAt))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(created, startRequested, started, new WorkspaceStopRequested(id, ACME, stop, ALICE),
                        new WorkspaceStopped(id, ACME, stop, new NodeId("node-1")))
                .when(new WarnWorkspaceIdle(id, ACME, idleSince, stopAt))
                .expectNoEvents();
    }

    @Test
    void ignoresAWarningAboutAnEarlierRun() {
        fixture.given(created, startRequested, started)
                .when(new WarnWorkspaceIdle(id, ACME, T0.minusSeconds(3600), stopAt))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAWarningFromAnotherTenant() {
        fixture.given(created, startRequested, started)
                .when(new WarnWorkspaceIdle(id, GLOBEX, idleSince, stopAt))
                .expectNoEvents();
    }

    @Test
    void activityAfterTheWarningWithdrawsIt() {
        Instant activity = idleSince.plusSeconds(60);
        fixture.given(created, startRequested, started, warned)
                .when(new CancelWorkspaceIdleStop(id, ACME, activity))
                .expectEvents(new WorkspaceIdleStopCancelled(id, ACME, activity));
    }

    @Test
    void activityNotNewerThanTheWarnedIdlePeriodKeepsTheWarning() {
        fixture.given(created, startRequested, started, warned)
                .when(new CancelWorkspaceIdleStop(id, ACME, idleSince))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void activityWithoutAWarningChangesNothing() {
        fixture.given(created, startRequested, started)
                .when(new CancelWorkspaceIdleStop(id, ACME, idleSince.plusSeconds(60)))
                .expectNoEvents();
    }

    @Test
    void stopsAWarnedIdleWorkspaceNamingTheReason() {
        ActionId idleStop = ActionId.random();
        fixture.given(created, startRequested, started, warned)
                .when(new StopIdleWorkspace(id, ACME, idleStop, idleSince))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WorkspaceStopRequested(id, ACME, idleStop, Actor.SYSTEM, StopReason.IDLE));
    }

    @Test
    void ignoresAnIdleStopWithoutAWarning() {
        fixture.given(created, startRequested, started)
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAStaleIdleStopWhenActivityArrivedSinceTheWarning() {
        fixture.given(created, startRequested, started, warned,
                        new WorkspaceIdleStopCancelled(id, ACME, idleSince.plusSeconds(60)))
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAnIdleStopForAnotherIdlePeriod() {
        fixture.given(created, startRequested, started, warned)
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince.plusSeconds(1)))
                .expectNoEvents();
    }

    @Test
    void ignoresAnIdleStopOfAWorkspaceAlreadyStopping() {
        fixture.given(created, startRequested, started, warned, new WorkspaceStopRequested(id, ACME, stop, ALICE))
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void ignoresAnIdleStopFromAnotherTenant() {
        fixture.given(created, startRequested, started, warned)
                .when(new StopIdleWorkspace(id, GLOBEX, ActionId.random(), idleSince))
                .expectNoEvents();
    }

    @Test
    void aCrashForgetsTheWarningSoTheNextRunIsNotStoppedByIt() {
        fixture.given(created, startRequested, started, warned,
                        new WorkspaceCrashed(id, ACME, new NodeId("node-1"), "c1", 137, false, "killed"),
                        startRequested, started)
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince))
                .expectNoEvents();
    }

    @Test
    void aRestartForgetsTheWarning() {
        fixture.given(created, startRequested, started, warned, new WorkspaceStopRequested(id, ACME, stop, ALICE),
                        new WorkspaceStopped(id, ACME, stop, new NodeId("node-1")), startRequested, started)
                .when(new StopIdleWorkspace(id, ACME, ActionId.random(), idleSince))
                .expectNoEvents();
    }
}
