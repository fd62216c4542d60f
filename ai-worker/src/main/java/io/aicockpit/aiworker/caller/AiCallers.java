package io.aicockpit.aiworker.caller;

import io.aicockpit.coreapi.identity.InternalIdentity;
import io.aicockpit.support.identity.InternalIdentityVerifier;
import io.aicockpit.support.identity.InvalidIdentityToken;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who may use this service, for both of its APIs (the OpenAI-compatible relay and the workspace assist): the
 * gateway's identity token verified, a tenant, and a role that allows the {@link Purpose}. Each API words the
 * refusal in its own error format; the rules are the same.
 */
@Component
public class AiCallers {
    /** What the caller wants to do, and which roles may. */
    public enum Purpose {
        /** Ask a model: completions, chat, edits, command suggestions. */
        AI_REQUEST(Set.of("DEVELOPER", "ORG_ADMIN", "INTEGRATION"), "Your role does not allow AI requests."),
        /** Run (or type into a terminal) a suggested command: a person's decision, so no integrations. */
        RUN_COMMAND(Set.of("DEVELOPER", "ORG_ADMIN"), "Only developers and org admins can run commands in a workspace.");

        private final Set<String> roles;
        private final String refusal;

        Purpose(Set<String> roles, String refusal) {
            this.roles = roles;
            this.refusal = refusal;
        }

        public Set<String> roles() {
            return roles;
        }
    }

    /** Why a caller was refused; the message is safe to show. */
    public enum Reason { UNAUTHENTICATED, NO_TENANT, ROLE }

    /** A refused caller. */
    public static final class Refused extends RuntimeException {
        private final Reason reason;

        Refused(Reason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final InternalIdentityVerifier verifier;

    AiCallers(InternalIdentityVerifier verifier) {
        this.verifier = verifier;
    }

    /** The verified caller of {@code request}, allowed {@code purpose}; else {@link Refused}. */
    public InternalIdentity require(ServerRequest request, Purpose purpose) {
        InternalIdentity identity;
        try {
            identity = verifier.verify(request.headers().firstHeader(InternalIdentity.HEADER));
        } catch (InvalidIdentityToken e) {
            throw new Refused(Reason.UNAUTHENTICATED, e.getMessage());
        }
        if (identity.tenantId() == null) {
            throw new Refused(Reason.NO_TENANT, "AI services belong to an organization; platform operators have none.");
        }
        if (identity.roles().stream().noneMatch(purpose.roles::contains)) {
            throw new Refused(Reason.ROLE, purpose.refusal);
        }
        return identity;
    }

    /** The request's id: the caller's {@code X-Request-Id}, else the identity token's, else a new one. */
    public static String requestId(ServerRequest request, InternalIdentity caller) {
        String header = request.headers().firstHeader("X-Request-Id");
        return header != null && !header.isBlank() ? header
                : caller.requestId() != null ? caller.requestId() : UUID.randomUUID().toString();
    }
}
