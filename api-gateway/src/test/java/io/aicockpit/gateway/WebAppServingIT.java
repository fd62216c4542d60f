package io.aicockpit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The web app as the real gateway serves it from the frontend's jar: client routes get the app's document, an asset
 * that does not exist (a browser holding an old page asks for a chunk of the previous build) is a quick 404, never a
 * hang, and every answer carries the Content-Security-Policy.
 */
class WebAppServingIT extends GatewayIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientRouteGetsTheAppAndAMissingAssetIsA404() throws Exception {
        HttpResponse<String> route = get("/workspaces/1b4e28ba-2fa1-11d2-883f-0016d3cca427", "text/html");
        assertThat(route.statusCode()).isEqualTo(200);
        assertThat(route.body()).contains("<div id=\"root\"></div>");
        assertThat(route.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("script-src 'self'"));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> missing = get("/assets/missing-chunk-" + i + ".js", "*/*");
            assertThat(missing.statusCode()).isEqualTo(404);
        }
        assertThat(get("/api/v1/workspaces", "text/html").statusCode()).isEqualTo(401);
    }
}
