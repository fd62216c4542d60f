package io.aicockpit.worker.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.coreapi.workspace.WorkspaceActivityKind;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkspaceApiActivityTest {

    @Test
    void fileChangesContentReadsAndExecCount() {
        assertThat(WorkspaceApiActivity.kindOf("PUT", "files/content")).isEqualTo(WorkspaceActivityKind.FILES);
        assertThat(WorkspaceApiActivity.kindOf("POST", "files/upload")).isEqualTo(WorkspaceActivityKind.FILES);
        assertThat(WorkspaceApiActivity.kindOf("POST", "files/move")).isEqualTo(WorkspaceActivityKind.FILES);
        assertThat(WorkspaceApiActivity.kindOf("DELETE", "files")).isEqualTo(WorkspaceActivityKind.FILES);
        assertThat(WorkspaceApiActivity.kindOf("GET", "files/content")).isEqualTo(WorkspaceActivityKind.FILES);
        assertThat(WorkspaceApiActivity.kindOf("POST", "exec")).isEqualTo(WorkspaceActivityKind.EXEC);
    }

    @Test
    void listingsDownloadsAndTheChangeStreamDoNotCount() {
        assertThat(WorkspaceApiActivity.kindOf("GET", "files")).isNull();
        assertThat(WorkspaceApiActivity.kindOf("GET", "files/archive")).isNull();
        assertThat(WorkspaceApiActivity.kindOf("GET", "files/changes")).isNull();
        assertThat(WorkspaceApiActivity.kindOf("GET", "exec")).isNull();
    }

    @Test
    void takeHandsOverTheNewestTimeAndEveryKindOnce() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
        WorkspaceApiActivity activity = new WorkspaceApiActivity(clock);
        WorkspaceId id = WorkspaceId.random();
        activity.record(id, WorkspaceActivityKind.FILES);
        clock.now = clock.now.plusSeconds(5);
        activity.record(id, WorkspaceActivityKind.EXEC);

        WorkspaceApiActivity.Seen seen = activity.take(id);
        assertThat(seen.at()).isEqualTo(Instant.parse("2026-12-07T10:00:05Z"));
        assertThat(seen.kinds()).isEqualTo(Set.of(WorkspaceActivityKind.FILES, WorkspaceActivityKind.EXEC));
        assertThat(activity.take(id)).isNull();
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
