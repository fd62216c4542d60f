package io.aicockpit.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditDetailTest {

    private static List<String> header(String json) {
        return List.of(json);
    }

    private static String canonical(String json) {
        AuditDetail.Received received = AuditDetail.fromHeader(header(json));
        assertThat(received.invalid()).as("refusal of %s", json).isNull();
        return received.canonical();
    }

    private static AuditDetail.Invalid refusal(List<String> values) {
        return AuditDetail.fromHeader(values).invalid();
    }

    @Test
    void writesAcceptedDetailsAsCanonicalJson() {
        assertThat(canonical(" { \"exitCode\" : 0, \"command\" : \"ls -la\", \"a\": [1, true, null, {\"z\":1,\"y\":2}] }"))
                .isEqualTo("{\"a\":[1,true,null,{\"y\":2,\"z\":1}],\"command\":\"ls -la\",\"exitCode\":0}");
        assertThat(canonical("{}")).isEqualTo("{}");
    }

    @Test
    void writesNumbersAsTheirExactPlainDecimalValue() {
        assertThat(canonical("{\"n\":[1.50, 1e2, 1.50e1, -0.0, 0.000001, 12345678901234567890123, -7, 2E-3]}"))
                .isEqualTo("{\"n\":[1.5,100,15,0,0.000001,12345678901234567890123,-7,0.002]}");
    }

    @Test
    void escapesOnlyWhatJsonRequiresAndSortsKeysByUtf16CodeUnits() {
        assertThat(canonical("{\"s\":\"\\u00e9\\u001F\\n\\t\\\"\\\\/\\ud83d\\ude00\",\"\\uff5e\":1,\"\\ud83d\\ude00\":2}"))
                .isEqualTo("{\"s\":\"é\\u001f\\n\\t\\\"\\\\/😀\",\"😀\":2,\"～\":1}");
    }

    @Test
    void carriesNonAsciiTextInJsonEscapes() {
        assertThat(canonical("{\"command\":\"echo gr\\u00fc\\u00df\"}")).isEqualTo("{\"command\":\"echo grüß\"}");
    }

    @Test
    void refusesWhatIsNotOneAsciiJsonObject() {
        assertThat(AuditDetail.fromHeader(null)).isNull();
        assertThat(refusal(List.of(header("{}").getFirst(), header("{}").getFirst())))
                .isEqualTo(AuditDetail.Invalid.MULTIPLE_VALUES);
        // How Netty hands over the raw UTF-8 bytes of "ü": one char per byte.
        assertThat(refusal(header("{\"command\":\"gr\u00c3\u00bc\"}"))).isEqualTo(AuditDetail.Invalid.NOT_ASCII);
        assertThat(refusal(header("{\"a\":\t1}"))).isEqualTo(AuditDetail.Invalid.NOT_ASCII);
        assertThat(refusal(header("eyJhIjoxfQ"))).isEqualTo(AuditDetail.Invalid.NOT_JSON);
        assertThat(refusal(header("{\"a\":1"))).isEqualTo(AuditDetail.Invalid.NOT_JSON);
        assertThat(refusal(header("{\"a\":1} {}"))).isEqualTo(AuditDetail.Invalid.NOT_JSON);
        assertThat(refusal(header("{\"a\":1,\"a\":2}"))).isEqualTo(AuditDetail.Invalid.NOT_JSON);
        assertThat(refusal(header("{'a':1}"))).isEqualTo(AuditDetail.Invalid.NOT_JSON);
        assertThat(refusal(header("[1]"))).isEqualTo(AuditDetail.Invalid.NOT_AN_OBJECT);
        assertThat(refusal(header("\"text\""))).isEqualTo(AuditDetail.Invalid.NOT_AN_OBJECT);
        assertThat(refusal(header("{\"a\":\"\\u0000\"}"))).isEqualTo(AuditDetail.Invalid.UNSUPPORTED_VALUE);
        assertThat(refusal(header("{\"a\":\"\\ud800\"}"))).isEqualTo(AuditDetail.Invalid.UNSUPPORTED_VALUE);
        assertThat(refusal(header("{\"a\":1e100}"))).isEqualTo(AuditDetail.Invalid.UNSUPPORTED_VALUE);
    }

    @Test
    void acceptsExactly2048BytesAndRefusesOneMore() {
        String fits = "{\"p\":\"" + "x".repeat(AuditDetail.MAX_BYTES - 8) + "\"}";
        assertThat(fits.getBytes(StandardCharsets.UTF_8)).hasSize(AuditDetail.MAX_BYTES);
        assertThat(AuditDetail.fromHeader(header(fits)).invalid()).isNull();
        assertThat(refusal(header("{\"p\":\"" + "x".repeat(AuditDetail.MAX_BYTES - 7) + "\"}")))
                .isEqualTo(AuditDetail.Invalid.TOO_LARGE);
    }

    @Test
    void marksARefusedDetailWithTheReasonOnly() {
        assertThat(AuditDetail.fromHeader(header("[\"secret\"]")).canonical())
                .isEqualTo("{\"invalid\":true,\"reason\":\"not-an-object\"}");
    }

    @Test
    void readsStoredJsonbTextBackToTheSameCanonicalForm() {
        String canonical = canonical("{\"b\":1.50,\"a\":\"x\\ny\",\"c\":{\"\\u00e9\":100}}");
        // jsonb's own output: its key order (shorter keys first), spaces, numbers as stored.
        assertThat(AuditDetail.fromStored("{\"a\": \"x\\ny\", \"b\": 1.50, \"c\": {\"é\": 100}}"))
                .isEqualTo(canonical);
        assertThat(AuditDetail.fromStored(null)).isNull();
    }
}
