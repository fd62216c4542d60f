package io.aicockpit.query.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.query.web.InvalidRequestException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspaceCursorTest {

    @Test
    void decodesWhatItEncoded() {
        WorkspaceCursor cursor = new WorkspaceCursor(Instant.parse("2026-01-02T03:04:05.123456Z"), UUID.randomUUID());

        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(WorkspaceCursor.decode(encoded)).isEqualTo(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "djE", "djF8fA", "YWJj"})
    void refusesTokensItDidNotIssue(String encoded) {
        assertThatThrownBy(() -> WorkspaceCursor.decode(encoded)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void refusesOversizedTokens() {
        assertThatThrownBy(() -> WorkspaceCursor.decode("A".repeat(201))).isInstanceOf(InvalidRequestException.class);
    }
}
