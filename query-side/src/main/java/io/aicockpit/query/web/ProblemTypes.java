package io.aicockpit.query.web;

import java.net.URI;

/** The {@code type} URIs of problems every feature may answer with. Feature-specific ones live with the feature. */
public final class ProblemTypes {
    /** A parameter, path segment or cursor the API cannot use; {@code errors} names each field and why. */
    public static final URI INVALID_REQUEST = URI.create("urn:aicockpit:problem:invalid-request");
    /** The trusted identity headers are missing or malformed. */
    public static final URI UNAUTHENTICATED = URI.create("urn:aicockpit:problem:unauthenticated");
    /** No endpoint or resource at this path. */
    public static final URI NOT_FOUND = URI.create("urn:aicockpit:problem:not-found");
    /** A failure on the server's side; the {@code requestId} finds it in the logs. */
    public static final URI INTERNAL_ERROR = URI.create("urn:aicockpit:problem:internal-error");

    private ProblemTypes() {
    }
}
