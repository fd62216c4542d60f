package io.aicockpit.support.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AuditDetailHeaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesCompactAsciiJson() throws Exception {
        String header = AuditDetailHeader.of("command", "echo grüße \"hi\"", "exitCode", 0, "timedOut", false);

        assertThat(header).matches("[\\x20-\\x7e]+").contains("\\u00FC");
        JsonNode detail = JSON.readTree(header);
        assertThat(detail.get("command").asText()).isEqualTo("echo grüße \"hi\"");
        assertThat(detail.get("exitCode").asInt()).isZero();
        assertThat(detail.get("timedOut").asBoolean()).isFalse();
    }

    @Test
    void cutsLongTextUntilTheEscapedHeaderFitsTheGatewaysLimit() throws Exception {
        // each "ü" becomes six characters once escaped
        String command = "echo " + "ü".repeat(900) + " " + "\"".repeat(400);

        String header = AuditDetailHeader.of("suggestionId", "2f7d", "command", command, "exitCode", 1);

        assertThat(header.length()).isLessThanOrEqualTo(AuditDetailHeader.MAX_HEADER_BYTES);
        JsonNode detail = JSON.readTree(header);
        assertThat(detail.get("command").asText()).startsWith("echo üü").endsWith("…");
        assertThat(detail.get("exitCode").asInt()).isEqualTo(1);
        assertThat(detail.get("suggestionId").asText()).isEqualTo("2f7d");
    }
}
