package io.aicockpit.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void quotesFieldsWithCommasQuotesAndLineBreaksAndDoublesQuotes() {
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
        assertThat(AuditCsv.field(null)).isEmpty();
    }

    @Test
    void defusesSpreadsheetFormulas() {
        assertThat(AuditCsv.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditCsv.field("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.field("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    }

    @Test
    void writesOneCrlfTerminatedLinePerRecordInHeaderOrder() {
        AuditRecord record = new AuditRecord(UUID.fromString("00000000-0000-0000-0000-000000000001"), "acme", 7,
                Instant.parse("2026-01-02T03:04:05.123456Z"), "sub", "Ann, \"the\" admin", "USER", "10.0.0.1",
                "ua", "POST /api/v1/workspaces", "workspaces", null, AuditOutcome.ALLOWED, 201, "r1", null, "p", "h");

        assertThat(AuditCsv.HEADER).isEqualTo("id,seq,time,tenantId,actorSubject,actorName,actorType,clientIp,"
                + "userAgent,action,resourceType,resourceId,outcome,status,requestId,prevHash,hash,detail\r\n");
        assertThat(AuditCsv.line(record)).isEqualTo("00000000-0000-0000-0000-000000000001,7,"
                + "2026-01-02T03:04:05.123456Z,acme,sub,\"Ann, \"\"the\"\" admin\",USER,10.0.0.1,ua,"
                + "POST /api/v1/workspaces,workspaces,,ALLOWED,201,r1,p,h,\r\n");
    }

    @Test
    void writesTheDetailAsQuotedJsonInTheLastColumn() {
        String detail = "{\"command\":\"=cmd|' /C calc'!A0\",\"exitCode\":0}";
        AuditRecord record = new AuditRecord(UUID.fromString("00000000-0000-0000-0000-000000000002"), "acme", 8,
                Instant.parse("2026-01-02T03:04:05.123456Z"), "sub", "Ann", "USER", "10.0.0.1", "ua",
                "POST /api/v1/workspaces/{id}/commands", "workspaces", "w1", AuditOutcome.ALLOWED, 200, "r2",
                detail, "p", "h");

        assertThat(AuditCsv.line(record)).endsWith(",p,h,"
                + "\"{\"\"command\"\":\"\"=cmd|' /C calc'!A0\"\",\"\"exitCode\"\":0}\"\r\n");
    }
}
