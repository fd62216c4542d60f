package io.aicockpit.worker.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.worker.files.WorkspaceFileWatchers.Change;
import io.aicockpit.worker.files.WorkspaceFileWatchers.Scan;
import io.aicockpit.worker.files.WorkspaceFileWatchers.Seen;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkspaceFileWatchersTest {
    private static final Map<String, Seen> BEFORE = Map.of(
            "src", new Seen(true, "4096|1|t1"),
            "src/a.txt", new Seen(false, "3|2|t1"),
            "src/b.txt", new Seen(false, "3|3|t1"));

    @Test
    void reportsCreatedModifiedAndDeletedPaths() {
        Scan after = new Scan(Map.of(
                "src", new Seen(true, "4096|1|t2"),
                "src/a.txt", new Seen(false, "4|2|t2"),
                "src/c.txt", new Seen(false, "1|4|t2")), true);

        assertThat(WorkspaceFileWatchers.diff(BEFORE, after)).containsExactly(
                new Change("modified", "src/a.txt"),
                new Change("deleted", "src/b.txt"),
                new Change("created", "src/c.txt"));
    }

    @Test
    void reportsNoDeletionsFromAScanCutAtTheEntryCap() {
        Scan after = new Scan(Map.of("src", new Seen(true, "4096|1|t1")), false);

        assertThat(WorkspaceFileWatchers.diff(BEFORE, after)).isEmpty();
    }
}
