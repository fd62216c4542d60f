package io.aicockpit.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalRingBufferTest {

    @Test
    void keepsEverythingUntilFull() {
        TerminalRingBuffer ring = new TerminalRingBuffer(8);

        ring.append(bytes("abc"));
        ring.append(bytes("defgh"));

        assertThat(text(ring.snapshot())).isEqualTo("abcdefgh");
        assertThat(ring.written()).isEqualTo(8);
        assertThat(ring.dropped()).isZero();
    }

    @Test
    void dropsTheOldestBytesWhenItWraps() {
        TerminalRingBuffer ring = new TerminalRingBuffer(8);

        ring.append(bytes("abcdef"));
        ring.append(bytes("ghij"));

        assertThat(text(ring.snapshot())).isEqualTo("cdefghij");
        assertThat(ring.written()).isEqualTo(10);
        assertThat(ring.dropped()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheTailOfAnAppendLargerThanItself() {
        TerminalRingBuffer ring = new TerminalRingBuffer(4);
        ring.append(bytes("xy"));

        ring.append(bytes("0123456789"));

        assertThat(text(ring.snapshot())).isEqualTo("6789");
        ring.append(bytes("ab"));
        assertThat(text(ring.snapshot())).isEqualTo("89ab");
    }

    @Test
    void appendsAnOffsetSlice() {
        TerminalRingBuffer ring = new TerminalRingBuffer(5);

        ring.append(bytes("--abc--"), 2, 3);

        assertThat(text(ring.snapshot())).isEqualTo("abc");
    }

    @Test
    void neverStartsAWrappedReplayInsideACharacter() {
        // "é" is 2 bytes, "🚀" is 4: cut so the ring begins with continuation bytes
        TerminalRingBuffer ring = new TerminalRingBuffer(7);

        ring.append(bytes("x\uD83D\uDE80\u00e9ab"));

        byte[] replay = ring.snapshot();
        assertThat(text(replay)).isEqualTo("\u00e9ab");
        assertThat(replay).hasSize(4);
    }

    @Test
    void staysWithinItsCapacityWhateverIsWritten() {
        TerminalRingBuffer ring = new TerminalRingBuffer(1024);
        byte[] chunk = bytes("y\n".repeat(3000));

        for (int i = 0; i < 1000; i++) {
            ring.append(chunk);
        }

        assertThat(ring.snapshot()).hasSize(1024);
        assertThat(ring.written()).isEqualTo(6_000_000L);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
