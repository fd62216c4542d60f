package io.aicockpit.worker.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The mount points of this process's mount namespace ({@code /proc/self/mountinfo}), the host's on a node. */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {}

    static boolean isMountPoint(String path) {
        try (var lines = Files.lines(MOUNTINFO)) {
            return lines.map(line -> line.split(" "))
                    .anyMatch(fields -> fields.length > 4 && unescape(fields[4]).equals(path));
        } catch (IOException e) {
            return false;
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String field) {
        String result = field;
        for (String[] escape : List.of(new String[] {"\\040", " "}, new String[] {"\\011", "\t"},
                new String[] {"\\012", "\n"}, new String[] {"\\134", "\\"})) {
            result = result.replace(escape[0], escape[1]);
        }
        return result;
    }
}
