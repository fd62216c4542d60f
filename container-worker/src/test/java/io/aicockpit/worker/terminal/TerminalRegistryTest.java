package io.aicockpit.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.worker.workspace.WorkspaceAccessCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The registry's rules with a fake shell and a clock the test moves: grace, caps, ownership, replay. */
class TerminalRegistryTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private final WorkspaceId workspace = WorkspaceId.random();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final List<FakeShell> shells = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TerminalRegistry registry = new TerminalRegistry((containerId, terminalId, cols, rows, listener) -> {
        FakeShell shell = new FakeShell(listener);
        shells.add(shell);
        return shell;
    }, new TerminalProperties(Duration.ofMinutes(5), DataSize.ofKilobytes(1), 2, 5, DataSize.ofKilobytes(64),
            Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)),
            clock, meters);

    @Test
    void keepsADetachedShellRunningThroughTheGracePeriod() {
        TerminalSession session = registry.open(granted("alice"), 80, 24);

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        registry.sweep();

        assertThat(shells.getFirst().killed).isFalse();
        assertThat(registry.list(TENANT, workspace, "alice")).extracting(TerminalSession.View::terminalId)
                .containsExactly(session.id);
    }

    @Test
    void killsADetachedShellOnceTheGracePeriodPassed() {
        registry.open(granted("alice"), 80, 24);

        clock.advance(Duration.ofMinutes(5));
        registry.sweep();

        assertThat(shells.getFirst().killed).isTrue();
        assertThat(registry.list(TENANT, workspace, "alice")).isEmpty();
        assertThat(registry.live()).isZero();
    }

    @Test
    void capsLiveTerminalsPerCallerNotPerTenant() {
        registry.open(granted("alice"), 80, 24);
        registry.open(granted("alice"), 80, 24);

        assertThatThrownBy(() -> registry.open(granted("alice"), 80, 24))
                .isInstanceOfSatisfying(WorkspaceAccessCheck.Refused.class, refused -> {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.kind()).isEqualTo("too-many-terminals");
                });
        registry.open(granted("bob"), 80, 24);
    }

    @Test
    void anEndedShellFreesItsPlaceUnderTheCap() {
        registry.open(granted("alice"), 80, 24);
        registry.open(granted("alice"), 80, 24);

        shells.getFirst().listener.ended(0, TerminalShell.SHELL_EXITED);

        registry.open(granted("alice"), 80, 24);
        assertThat(registry.list(TENANT, workspace, "alice")).hasSize(2);
    }

    @Test
    void findsOnlyTheCallersOwnTerminal() {
        TerminalSession session = registry.open(granted("alice"), 80, 24);

        assertThat(registry.find(TENANT, workspace, "alice", session.id)).contains(session);
        assertThat(registry.find(TENANT, workspace, "bob", session.id)).isEmpty();
        assertThat(registry.find(TenantId.of("other"), workspace, "alice", session.id)).isEmpty();
        assertThat(registry.find(TENANT, WorkspaceId.random(), "alice", session.id)).isEmpty();
    }

    @Test
    void keepsAShellThatEndedWhileDetachedForReplayUntilTheGracePeriodPassed() {
        TerminalSession session = registry.open(granted("alice"), 80, 24);
        shells.getFirst().listener.output("bye\r\n".getBytes(StandardCharsets.UTF_8));
        shells.getFirst().listener.ended(0, TerminalShell.SHELL_EXITED);

        assertThat(registry.find(TENANT, workspace, "alice", session.id)).contains(session);
        assertThat(registry.list(TENANT, workspace, "alice")).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        registry.sweep();
        assertThat(registry.find(TENANT, workspace, "alice", session.id)).isEmpty();
    }

    @Test
    void closingKillsTheShellAndReportsTheReason() {
        TerminalSession session = registry.open(granted("alice"), 80, 24);

        registry.close(session, TerminalRegistry.CLOSED);

        assertThat(shells.getFirst().killed).isTrue();
        assertThat(registry.find(TENANT, workspace, "alice", session.id)).isEmpty();
        assertThat(meters.counter("aicockpit.terminal.ended", "reason", "terminal closed").count()).isEqualTo(1);
    }

    @Test
    void countsBytesButNeverKeepsMoreThanTheBuffer() throws Exception {
        TerminalSession session = registry.open(granted("alice"), 80, 24);
        byte[] flood = "y\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 100; i++) {
            shells.getFirst().listener.output(flood);
        }
        session.input("ls\n".getBytes(StandardCharsets.UTF_8));

        assertThat(meters.counter("aicockpit.terminal.bytes", "direction", "out").count()).isEqualTo(2_000_000);
        assertThat(meters.counter("aicockpit.terminal.bytes", "direction", "in").count()).isEqualTo(3);
        assertThat(shells.getFirst().input).hasToString("ls\n");
    }

    @Test
    void reportsTheLatestInputOrOutputOfAWorkspacesLiveTerminals() throws Exception {
        assertThat(registry.lastActivity(workspace)).isEmpty();
        TerminalSession first = registry.open(granted("alice"), 80, 24);
        registry.open(granted("bob"), 80, 24);

        clock.advance(Duration.ofMinutes(3));
        first.input("make\n".getBytes(StandardCharsets.UTF_8));
        Instant typed = clock.instant();
        assertThat(registry.lastActivity(workspace)).contains(typed);

        clock.advance(Duration.ofMinutes(4));
        shells.get(1).listener.output("compiling\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(registry.lastActivity(workspace)).contains(clock.instant());
        assertThat(registry.lastActivity(WorkspaceId.random())).isEmpty();
    }

    private WorkspaceAccessCheck.Granted granted(String subject) {
        return new WorkspaceAccessCheck.Granted(new InternalIdentity(TENANT, subject, subject, Set.of("DEVELOPER"),
                ActorType.USER, "req-1"), workspace, "container-1", true, "req-1");
    }

    /** A shell that records what it is told; it ends when killed, as a real one does. */
    static final class FakeShell implements TerminalShell {
        final Listener listener;
        final StringBuilder input = new StringBuilder();
        boolean killed;

        FakeShell(Listener listener) {
            this.listener = listener;
        }

        @Override
        public boolean write(byte[] bytes) {
            input.append(new String(bytes, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void resize(int cols, int rows) {}

        @Override
        public void kill() {
            killed = true;
            listener.ended(137, TerminalShell.SHELL_EXITED);
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
