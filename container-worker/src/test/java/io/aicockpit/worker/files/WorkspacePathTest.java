package io.aicockpit.worker.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.worker.workspace.WorkspaceProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacePathTest {

    @Test
    void parsesARelativePathDroppingEmptyAndDotNames() {
        assertThat(WorkspacePath.parse("./src//main/./App.java").segments()).containsExactly("src", "main", "App.java");
        assertThat(WorkspacePath.parse("src/").relative()).isEqualTo("src");
        assertThat(WorkspacePath.parse("%2e%2e").segments()).containsExactly("%2e%2e");
        assertThat(WorkspacePath.parse("日本/ä b|c").segments()).containsExactly("日本", "ä b|c");
    }

    @Test
    void directoryPathMayNameTheWorkspaceItself() {
        assertThat(WorkspacePath.parseDirectory(null).isRoot()).isTrue();
        assertThat(WorkspacePath.parseDirectory("").isRoot()).isTrue();
        assertThat(WorkspacePath.parseDirectory(".").isRoot()).isTrue();
        assertThat(WorkspacePath.parseDirectory("./").name()).isEqualTo("workspace");
        assertThat(WorkspacePath.parseDirectory("a/b").name()).isEqualTo("b");
    }

    @Test
    void filePathMustNameSomethingInsideTheWorkspace() {
        for (String raw : new String[] {null, "", ".", "./", "//"}) {
            assertRefused(() -> WorkspacePath.parse(raw));
        }
    }

    @Test
    void refusesTraversalAndAbsolutePaths() {
        for (String raw : List.of("..", "../etc/passwd", "a/../../etc", "a/..", "/etc/passwd", "/", "a/../b")) {
            assertRefused(() -> WorkspacePath.parse(raw));
            assertRefused(() -> WorkspacePath.parseDirectory(raw));
        }
    }

    @Test
    void refusesControlCharactersAndBrokenUnicode() {
        for (String raw : List.of("a\u0000b", "a\nb", "a\rb", "a\tb", "a\u001bb", "a\u007fb", "a\u0085b", "a\ud800b")) {
            assertRefused(() -> WorkspacePath.parse(raw));
        }
    }

    @Test
    void refusesOverLongNamesAndPaths() {
        assertThat(WorkspacePath.parse("x".repeat(255)).segments()).hasSize(1);
        assertRefused(() -> WorkspacePath.parse("x".repeat(256)));
        // 128 two-byte characters are 256 bytes
        assertRefused(() -> WorkspacePath.parse("ä".repeat(128)));
        String longest = ("y".repeat(99) + "/").repeat(40) + "z".repeat(95);
        assertThat(longest).hasSize(4095);
        assertThat(WorkspacePath.parse(longest).segments()).hasSize(41);
        assertRefused(() -> WorkspacePath.parse(longest + "zz"));
        assertRefused(() -> WorkspacePath.parse("ä/".repeat(1366)));
    }

    @Test
    void singleNamesRefuseSlashesAndDots() {
        assertThat(WorkspacePath.checkName("report.pdf", "file")).isEqualTo("report.pdf");
        for (String name : new String[] {null, "", ".", "..", "a/b", "/x", "a\u0000"}) {
            assertRefused(() -> WorkspacePath.checkName(name, "file"));
        }
    }

    @Test
    void refusalsNameTheField() {
        assertThatThrownBy(() -> WorkspacePath.parse("../x", "to"))
                .isInstanceOfSatisfying(WorkspaceProblem.class, p -> {
                    assertThat(p.type.status()).isEqualTo(400);
                    assertThat(p.type.kind()).isEqualTo("invalid-path");
                    assertThat(p.getMessage()).startsWith("to ");
                });
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WorkspaceProblem.class, p -> {
            assertThat(p.type.status()).isEqualTo(400);
            assertThat(p.type.kind()).isEqualTo("invalid-path");
        });
    }
}
