package io.aicockpit.support.identity;

/** The request carries no gateway token, or one that does not verify. Services answer 401. */
public class InvalidIdentityToken extends RuntimeException {
    public InvalidIdentityToken(String message) {
        super(message);
    }

    public InvalidIdentityToken(String message, Throwable cause) {
        super(message, cause);
    }
}
