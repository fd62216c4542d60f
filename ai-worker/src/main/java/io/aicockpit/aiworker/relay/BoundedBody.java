package io.aicockpit.aiworker.relay;

import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body of at most {@code max} bytes: refused from the declared length when it is too big, and cut
 * off while streaming when the declaration lied. Each endpoint family supplies its own error shape.
 */
public final class BoundedBody {
    private BoundedBody() {}

    public static Mono<byte[]> read(ServerRequest request, int max, Supplier<? extends Throwable> tooLarge,
                                    Supplier<? extends Throwable> empty) {
        if (request.headers().contentLength().orElse(0) > max) {
            return Mono.error(tooLarge.get());
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), max)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .switchIfEmpty(Mono.error(empty))
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge.get());
    }
}
