package io.aicockpit.query.workspace;

import io.aicockpit.query.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset position in the newest-first workspace list: the last item's creation time and id. Clients see it
 * only as an opaque base64url token.
 */
record WorkspaceCursor(Instant createdAt, UUID workspaceId) {
    private static final String VERSION = "v1";
    private static final int MAX_ENCODED_LENGTH = 200;
    private static final String INVALID_REASON = "is not a cursor returned by this API";

    static WorkspaceCursor after(WorkspaceView last) {
        return new WorkspaceCursor(last.createdAt(), last.id());
    }

    String encode() {
        String raw = VERSION + "|" + createdAt + "|" + workspaceId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static WorkspaceCursor decode(String encoded) {
        if (encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
            throw new InvalidRequestException("cursor", INVALID_REASON);
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new InvalidRequestException("cursor", INVALID_REASON);
            }
            return new WorkspaceCursor(Instant.parse(parts[1]), UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidRequestException("cursor", INVALID_REASON);
        }
    }
}
