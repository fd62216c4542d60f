package io.aicockpit.aiworker.assist;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MentionsTest {

    private static List<String> mentions(String... userMessages) {
        return List.copyOf(Mentions.in(java.util.Arrays.stream(userMessages)
                .map(text -> new ChatRequest.Message("user", text)).toList()));
    }

    @Test
    void findsPathsWithoutTrailingSentencePunctuation() {
        assertThat(mentions("Why does @src/app.py fail? Compare with @tests/test_app.py, and @README.md."))
                .containsExactly("src/app.py", "tests/test_app.py", "README.md");
    }

    @Test
    void ignoresEmailAddressesAndAtSignsInsideWords() {
        assertThat(mentions("mail bob@example.com about x@y and @@z")).isEmpty();
    }

    @Test
    void acceptsQuotedPathsWithSpacesAndStripsALeadingDotSlash() {
        assertThat(mentions("see @\"docs/my notes.md\" and @./run.sh")).containsExactly("docs/my notes.md", "run.sh");
    }

    @Test
    void listsEachPathOnceNewestMessageFirst() {
        assertThat(mentions("look at @a.py and @b.py", "now @c.py and @a.py again"))
                .containsExactly("c.py", "a.py", "b.py");
    }

    @Test
    void readsOnlyUserMessages() {
        List<ChatRequest.Message> messages = List.of(new ChatRequest.Message("assistant", "I read @secret.txt"),
                new ChatRequest.Message("user", "(no mention) thanks"));
        assertThat(Mentions.in(messages)).isEmpty();
    }

    @Test
    void passesTraversalAttemptsOnForTheNodeToRefuse() {
        // the node resolves every path inside /workspace and refuses these; ai-worker reports its answer
        assertThat(mentions("@../etc/passwd and @/etc/shadow")).containsExactly("../etc/passwd");
    }
}
