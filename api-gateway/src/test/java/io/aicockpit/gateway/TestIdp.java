package io.aicockpit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
 * A real OIDC provider for the tests: mock-oauth2-server in this JVM, where every path prefix is an issuer.
 * Tokens come from its token endpoint over HTTP (client credentials and password grants). Each issuer puts the
 * roles granted here into {@code roles} and {@code realm_access.roles}, with audience {@link #AUDIENCE} (the
 * platform issuer: {@link #PLATFORM_AUDIENCE}).
 */
final class TestIdp {
    static final String PLATFORM = "platform";
    static final String AUDIENCE = "aicockpit";
    static final String PLATFORM_AUDIENCE = "aicockpit-platform";
    private static final Map<String, List<String>> ROLES = new ConcurrentHashMap<>();
    private static final Map<String, String> AUDIENCES = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MockOAuth2Server server;

    private TestIdp() {
    }

    static synchronized MockOAuth2Server server() {
        if (server == null) {
            server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(),
                    Set.of(new Callback(PLATFORM))));
            server.start();
        }
        return server;
    }

    /** The issuer URL of {@code issuerId}, as its tokens name it. */
    static String issuer(String issuerId) {
        return server().issuerUrl(issuerId).toString();
    }

    /** Gives {@code subject} of {@code issuerId} these IdP role names in future tokens. */
    static void grant(String issuerId, String subject, String... roles) {
        ROLES.put(issuerId + "/" + subject, List.of(roles));
    }

    /** Tokens of {@code issuerId} carry this audience instead of the default. */
    static void audience(String issuerId, String audience) {
        AUDIENCES.put(issuerId, audience);
    }

    static String clientCredentialsToken(String issuerId, String clientId) {
        return token(issuerId, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", "secret", "scope", "openid"));
    }

    static String passwordToken(String issuerId, String username) {
        return token(issuerId, Map.of("grant_type", "password", "client_id", "aicockpit-web",
                "client_secret", "secret", "username", username, "password", "pw", "scope", "openid"));
    }

    private static String token(String issuerId, Map<String, String> form) {
        server().enqueueCallback(new Callback(issuerId));
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server().tokenEndpointUrl(issuerId).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request failed: " + response.statusCode() + " "
                        + response.body());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shapes one token: subject is the user for password grants and the client for client credentials. */
    private record Callback(String issuerId) implements OAuth2TokenCallback {
        @Override
        public String subject(TokenRequest request) {
            if (request.getAuthorizationGrant() instanceof ResourceOwnerPasswordCredentialsGrant password) {
                return password.getUsername();
            }
            return clientId(request);
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of(AUDIENCES.getOrDefault(issuerId,
                    issuerId.equals(PLATFORM) ? PLATFORM_AUDIENCE : AUDIENCE));
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            List<String> roles = ROLES.getOrDefault(issuerId + "/" + subject(request), List.of());
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("azp", clientId(request));
            claims.put("roles", roles);
            claims.put("realm_access", Map.of("roles", roles));
            claims.put("name", subject(request) + " Tester");
            return claims;
        }

        @Override
        public long tokenExpiry() {
            return 300;
        }

        private static String clientId(TokenRequest request) {
            if (request.getClientAuthentication() != null) {
                return request.getClientAuthentication().getClientID().getValue();
            }
            return request.getClientID() == null ? "unknown" : request.getClientID().getValue();
        }
    }
}
