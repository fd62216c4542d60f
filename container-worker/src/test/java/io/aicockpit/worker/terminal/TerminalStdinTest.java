package io.aicockpit.worker.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TerminalStdinTest {

    @Test
    void passesInputInOrder() throws Exception {
        TerminalStdin stdin = new TerminalStdin(4);

        assertThat(stdin.offer("ab".getBytes(StandardCharsets.UTF_8), 1, TimeUnit.SECONDS)).isTrue();
        byte[] read = new byte[8];
        int n = stdin.read(read, 0, 8);

        assertThat(new String(read, 0, n, StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    @Test
    void givesUpOnInputTheShellDoesNotRead() throws Exception {
        TerminalStdin stdin = new TerminalStdin(4);

        boolean taken = stdin.offer("abcdef".getBytes(StandardCharsets.UTF_8), 50, TimeUnit.MILLISECONDS);

        assertThat(taken).isFalse();
        assertThat(stdin.available()).isEqualTo(4);
    }

    @Test
    void waitsForTheShellToReadThenTakesTheRest() throws Exception {
        TerminalStdin stdin = new TerminalStdin(4);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return stdin.offer("abcdefgh".getBytes(StandardCharsets.UTF_8), 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[3];

        while (read.length() < 8) {
            int n = stdin.read(buffer, 0, buffer.length);
            read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }

        assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(read).hasToString("abcdefgh");
    }

    @Test
    void closingEndsTheStreamForTheReader() throws Exception {
        TerminalStdin stdin = new TerminalStdin(4);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return stdin.read(new byte[4], 0, 4);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        stdin.close();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(stdin.offer(new byte[] {1}, 10, TimeUnit.MILLISECONDS)).isFalse();
    }
}
