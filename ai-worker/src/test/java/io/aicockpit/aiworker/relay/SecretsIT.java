package io.aicockpit.aiworker.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.aicockpit.aiworker.AiWorkerTest;
import io.aicockpit.aiworker.TenantAiServices;
import io.aicockpit.aiworker.TestDatabase;
import io.aicockpit.testsupport.openai.StubOpenAiServer;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** After a scripted run, including upstreams that quote the key back, its plaintext is in no log, answer or record. */
@AiWorkerTest
class SecretsIT {
    private final StubOpenAiServer stub = TestDatabase.Upstream.stub();
    private final TenantAiServices services;
    private final OpenAiClient client;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @Autowired
    SecretsIT(JdbcTemplate jdbc, @LocalServerPort int port) {
        this.services = new TenantAiServices(jdbc);
        this.client = new OpenAiClient(port);
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logs);
    }

    @Test
    void theApiKeyAppearsInNoLogLineResponseOrUsageRecord() {
        String key = TestDatabase.Upstream.API_KEY;
        String wrongKey = "sk-wrong-" + UUID.randomUUID().toString().replace("-", "");
        AiServiceId good = services.openAi(stub.baseUrl(), "gpt-stub");
        services.route(good, null);
        List<String> answers = new ArrayList<>();
        answers.add(String.join("", client.postRaw("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", true, true)).collectList().block(Duration.ofSeconds(20))));
        answers.add(client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub", false, false)).body());
        OpenAiClient.Answer echoed = client.post("/v1/chat/completions", services.developerToken(),
                OpenAiClient.chat("gpt-stub;status=400;echoAuth", false, false));
        assertThat(echoed.status()).isEqualTo(400);
        assertThat(echoed.body()).contains("(credential Bearer ***)");
        answers.add(echoed.body());
        answers.add(client.get("/v1/models", services.developerToken()).body());

        AiServiceId wrong = services.register(AiServiceKind.OPENAI, stub.baseUrl("echoAuth"), wrongKey, "gpt-stub",
                null, null);
        services.route(wrong, null);
        // the catalogue cache holds the previous routing for a moment
        OpenAiClient.Answer rejected = await().atMost(Duration.ofSeconds(10)).until(() -> client.post(
                "/v1/chat/completions", services.developerToken(), OpenAiClient.chat("gpt-stub", false, false)),
                answer -> answer.status() == 502);
        assertThat(rejected.body()).contains("upstream_auth_failed");
        answers.add(rejected.body());

        List<String> records = UsageRecords.collect(Topics.usage(services.tenant()), services.tenant().value(), 5);
        assertThat(answers).noneMatch(body -> body.contains(key) || body.contains(wrongKey));
        assertThat(records).noneMatch(body -> body.contains(key) || body.contains(wrongKey));
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneMatch(event -> mentions(event, key) || mentions(event, wrongKey));
    }

    private static boolean mentions(ILoggingEvent event, String secret) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(pair -> text.append(' ').append(pair.key).append('=').append(pair.value));
        }
        if (event.getMDCPropertyMap() != null) {
            text.append(event.getMDCPropertyMap());
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(t.getMessage());
        }
        return text.toString().contains(secret);
    }
}
