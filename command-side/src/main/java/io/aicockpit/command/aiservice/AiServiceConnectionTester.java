package io.aicockpit.command.aiservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.support.net.OutboundUrlGuard;
import io.aicockpit.support.secret.SecretCipher;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes one real, small request to a tenant's AI service: {@code GET {baseUrl}/models} with a bearer key, or for
 * Azure a one-token chat completion to the deployment with the {@code api-key} header. The URL passes the
 * outbound guard first (the allowlist may have changed since registration), redirects are not followed (a 3xx
 * could point anywhere), and the caller gets a short error: a status code and at most a short upstream message
 * with the key blanked out, or the kind of network failure.
 */
@Component
class AiServiceConnectionTester {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_BODY_BYTES = 4096;
    private static final int MAX_ERROR = TenantAiServices.MAX_ERROR_LENGTH;
    private static final Logger log = LoggerFactory.getLogger(AiServiceConnectionTester.class);

    private final OutboundUrlGuard guard;
    private final SecretStore secrets;
    private final SecretCipher cipher;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    AiServiceConnectionTester(OutboundUrlGuard guard, SecretStore secrets, SecretCipher cipher) {
        this.guard = guard;
        this.secrets = secrets;
        this.cipher = cipher;
    }

    ConnectionTestResult test(TenantId tenant, AiServiceSettings service) {
        URI base;
        try {
            base = guard.check(service.baseUrl());
        } catch (OutboundUrlGuard.RefusedUrl e) {
            return new ConnectionTestResult(false, 0, "not called: " + e.getMessage());
        }
        String key = service.apiKey() == null ? null : cipher.decrypt(tenant.value(), service.apiKey(),
                secrets.find(tenant, service.apiKey()).orElseThrow(
                        () -> new IllegalStateException("the secret " + service.apiKey() + " is missing")));
        HttpRequest request = request(base, service, key);
        long start = System.nanoTime();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] head;
            try (InputStream body = response.body()) {
                head = body.readNBytes(MAX_BODY_BYTES);
            }
            long latency = millisSince(start);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new ConnectionTestResult(true, latency, null);
            }
            String reason = status >= 300 && status < 400 ? " (redirects are not followed)" : upstreamMessage(head, key);
            return new ConnectionTestResult(false, latency, limit("HTTP " + status + reason));
        } catch (HttpConnectTimeoutException e) {
            return failure(start, "connect timed out");
        } catch (HttpTimeoutException e) {
            return failure(start, "timed out");
        } catch (ConnectException e) {
            return failure(start, refused(e) ? "connection refused" : "connection failed");
        } catch (SSLException e) {
            return failure(start, "TLS handshake failed");
        } catch (IOException e) {
            log.atInfo().addKeyValue("exception", e.getClass().getName()).log("AI service connection test failed");
            return failure(start, "connection failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(start, "interrupted");
        }
    }

    private static HttpRequest request(URI base, AiServiceSettings service, String key) {
        String root = base.toString().replaceAll("/+$", "");
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (service.kind() == AiServiceKind.AZURE_OPENAI) {
            builder.uri(URI.create(root + "/openai/deployments/" + service.azureDeployment()
                            + "/chat/completions?api-version=" + service.azureApiVersion()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"messages\":[{\"role\":\"user\",\"content\":\"ping\"}],\"max_tokens\":1}"));
            if (key != null) {
                builder.header("api-key", key);
            }
        } else {
            builder.uri(URI.create(root + "/models")).GET();
            if (key != null) {
                builder.header("Authorization", "Bearer " + key);
            }
        }
        return builder.build();
    }

    /** The upstream's own error message (OpenAI error object), key blanked, or nothing if the body is not one. */
    private String upstreamMessage(byte[] head, String key) {
        String message = null;
        try {
            JsonNode body = json.readTree(new String(head, StandardCharsets.UTF_8));
            JsonNode error = body == null ? null : body.get("error");
            JsonNode text = error == null ? (body == null ? null : body.get("message"))
                    : error.isTextual() ? error : error.get("message");
            message = text != null && text.isTextual() ? text.asText() : null;
        } catch (IOException e) {
            return "";
        }
        if (message == null || message.isBlank()) {
            return "";
        }
        if (key != null && !key.isEmpty()) {
            message = message.replace(key, "****");
        }
        return ": " + message.replaceAll("\\p{Cntrl}", " ").strip();
    }

    /** The JDK reports a refused connection as a ConnectException without any message; others name their cause. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("refused");
            }
        }
        return true;
    }

    private static ConnectionTestResult failure(long start, String error) {
        return new ConnectionTestResult(false, millisSince(start), error);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String limit(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
