package io.aicockpit.worker.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerStatsReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant ASKED = Instant.parse("2026-12-07T20:49:11Z");

    @Test
    void timesASampleByWhenTheEngineReadTheCounters() throws Exception {
        assertThat(ContainerStatsReader.readAt(JSON.readTree("{\"read\":\"2026-12-07T20:49:10.705948940Z\"}"), ASKED))
                .isEqualTo(Instant.parse("2026-12-07T20:49:10.705948940Z"));
    }

    @Test
    void fallsBackToWhenItAskedWithoutAUsableReadTime() throws Exception {
        // a stopped container's stats carry Go's zero time
        assertThat(ContainerStatsReader.readAt(JSON.readTree("{\"read\":\"0001-01-01T00:00:00Z\"}"), ASKED))
                .isEqualTo(ASKED);
        assertThat(ContainerStatsReader.readAt(JSON.readTree("{}"), ASKED)).isEqualTo(ASKED);
        assertThat(ContainerStatsReader.readAt(JSON.readTree("{\"read\":\"yesterday\"}"), ASKED)).isEqualTo(ASKED);
    }
}
