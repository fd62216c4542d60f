package io.aicockpit.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditCanonicalFormTest {
    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final String V1 = "18:aicockpit-audit-v1;4:acme;1:7;36:" + ID + ";27:2026-01-02T03:04:05.123456Z;"
            + "3:sub;5:Anné;4:USER;8:10.0.0.1;-;23:POST /api/v1/workspaces;10:workspaces;-;7:ALLOWED;3:201;2:r1;"
            + "64:" + "0".repeat(64) + ";";

    private static AuditRecord record(String detail) {
        return new AuditRecord(ID, "acme", 7, Instant.parse("2026-01-02T03:04:05.123456Z"), "sub", "Anné", "USER",
                "10.0.0.1", null, "POST /api/v1/workspaces", "workspaces", null, AuditOutcome.ALLOWED, 201, "r1",
                detail, AuditCanonicalForm.GENESIS, null);
    }

    @Test
    void recordWithoutDetailKeepsTheFormItHadBeforeDetailsExisted() {
        assertThat(AuditCanonicalForm.canonical(record(null))).isEqualTo(V1);
    }

    @Test
    void recordWithDetailAppendsItAsTheLastField() {
        String detail = "{\"command\":\"ls\",\"exitCode\":0}";

        assertThat(AuditCanonicalForm.canonical(record(detail))).isEqualTo(V1 + "29:" + detail + ";");
        assertThat(AuditCanonicalForm.hash(record(detail))).isNotEqualTo(AuditCanonicalForm.hash(record(null)))
                .isNotEqualTo(AuditCanonicalForm.hash(record("{\"command\":\"ls\",\"exitCode\":1}")));
    }
}
