package io.aicockpit.system;

import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OIDC provider for the system tests (mock-oauth2-server in the test JVM; every path prefix is an issuer).
 * Tokens come from its token endpoint over HTTP: password grant for users, client credentials for integrations.
 * Roles go into the {@code roles} claim; the audience is {@code aicockpit} ({@code aicockpit-platform} for the
 * platform issuer) unless a test asks for another one.
 */
final class Idp {
    static final String PLATFORM = "platform";
    private static final Map<String, List<String>> ROLES = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MockOAuth2Server server;

    private Idp() {}

    static synchronized MockOAuth2Server server() {
        if (server == null) {
            // interactive login: the web IDE's end-to-end test signs in on the provider's login page
            server = new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(),
                    Set.of()));
            server.start();
        }
        return server;
    }

    static String issuer(String issuerId) {
        return server().issuerUrl(issuerId).toString();
    }

    static void grant(String issuerId, String subject, String... roles) {
        ROLES.put(issuerId + "/" + subject, List.of(roles));
    }

    static String userToken(String issuerId, String user) {
        return token(new Callback(issuerId, null, 300), issuerId, Map.of("grant_type", "password",
                "client_id", "aicockpit-web", "client_secret", "s", "username", user, "password", "pw"));
    }

    static String clientToken(String issuerId, String clientId) {
        return token(new Callback(issuerId, null, 300), issuerId, Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", "s", "scope", "openid"));
    }

    /** A token the IdP issues with another audience than the platform expects. */
    static String userTokenWithAudience(String issuerId, String user, String audience) {
        return token(new Callback(issuerId, audience, 300), issuerId, Map.of("grant_type", "password",
                "client_id", "aicockpit-web", "client_secret", "s", "username", user, "password", "pw"));
    }

    /** A token the IdP issues already expired. */
    static String expiredUserToken(String issuerId, String user) {
        return token(new Callback(issuerId, null, -120), issuerId, Map.of("grant_type", "password",
                "client_id", "aicockpit-web", "client_secret", "s", "username", user, "password", "pw"));
    }

    private static String token(Callback callback, String issuerId, Map<String, String> form) {
        server().enqueueCallback(callback);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create(server().tokenEndpointUrl(issuerId).toString()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
            }
            return Platform.JSON.readTree(r.body()).get("access_token").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Callback(String issuerId, String audienceOverride, long expiry) implements OAuth2TokenCallback {
        @Override
        public String subject(TokenRequest request) {
            if (request.getAuthorizationGrant() instanceof ResourceOwnerPasswordCredentialsGrant password) {
                return password.getUsername();
            }
            return request.getClientAuthentication() != null
                    ? request.getClientAuthentication().getClientID().getValue() : request.getClientID().getValue();
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(audienceOverride != null ? audienceOverride
                    : issuerId.equals(PLATFORM) ? "aicockpit-platform" : "aicockpit");
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            String subject = subject(request);
            return Map.of("roles", ROLES.getOrDefault(issuerId + "/" + subject, List.of()),
                    "name", subject + " Tester", "azp", "aicockpit-web");
        }

        @Override
        public long tokenExpiry() {
            return expiry;
        }

        @Override
        public String issuerId() {
            return issuerId;
        }
    }
}
