package io.aicockpit.aiworker;

import static org.awaitility.Awaitility.await;

import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.aiservice.AiServiceRegistered;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.FallbackAiServiceSet;
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import io.aicockpit.support.identity.TestIdentityTokens;
import io.aicockpit.support.secret.SecretCipher;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh tenant whose org admin connects AI services the way command-side records it: the key encrypted into
 * {@code secrets.secret}, then catalogue events appended to the event store. Waits until ai-worker projected them.
 */
public final class TenantAiServices {
    private static final Actor ADMIN = new Actor("admin", "Org Admin", ActorType.USER);
    private static final JdbcTemplate COMMAND_SIDE = new JdbcTemplate(CommandSideEvents.dataSource());

    private final TenantId tenant = new TenantId("aiw-" + UUID.randomUUID().toString().substring(0, 8));
    private final JdbcTemplate aiWorker;

    /** {@code aiWorker}: ai-worker's own JdbcTemplate, to see its projection. */
    public TenantAiServices(JdbcTemplate aiWorker) {
        this.aiWorker = aiWorker;
    }

    public TenantId tenant() {
        return tenant;
    }

    /** An identity token of a developer of this tenant, as the gateway would sign it. */
    public String developerToken() {
        return TestIdentityTokens.token(tenant.value(), "dev-" + tenant.value(), "DEVELOPER");
    }

    /** Registers an OpenAI-kind service at {@code baseUrl} with the stub's key. */
    public AiServiceId openAi(String baseUrl, String defaultModel) {
        return register(AiServiceKind.OPENAI, baseUrl, TestDatabase.Upstream.API_KEY, defaultModel, null, null);
    }

    public AiServiceId register(AiServiceKind kind, String baseUrl, String apiKey, String defaultModel,
                                String azureDeployment, String azureApiVersion) {
        AiServiceId id = AiServiceId.random();
        SecretRef ref = null;
        if (apiKey != null) {
            ref = SecretRef.random();
            COMMAND_SIDE.update("INSERT INTO secrets.secret (ref, tenant_id, ciphertext) VALUES (?, ?, ?)",
                    ref.value(), tenant.value(),
                    SecretCipher.fromBase64(TestDatabase.SECRETS_KEY).encrypt(tenant.value(), ref, apiKey));
        }
        CommandSideEvents.append(new AiServiceRegistered(tenant, id, new AiServiceSettings("svc-" + id, kind, baseUrl,
                ref, SecretCipher.last4(apiKey), defaultModel, azureDeployment, azureApiVersion), ADMIN));
        return id;
    }

    /** Makes {@code active} the active service and {@code fallback} (may be null) the fallback; waits for ai-worker. */
    public void route(AiServiceId active, AiServiceId fallback) {
        CommandSideEvents.append(new ActiveAiServiceSet(tenant, active, ADMIN));
        if (fallback != null) {
            CommandSideEvents.append(new FallbackAiServiceSet(tenant, fallback, ADMIN));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> aiWorker.query(
                "SELECT active_service_id, fallback_service_id FROM aiworker.ai_routing WHERE tenant_id = ?",
                rs -> rs.next() && Objects.equals(rs.getObject(1), active.value())
                        && Objects.equals(rs.getObject(2), fallback == null ? null : fallback.value()),
                tenant.value()));
    }

    /** One OpenAI-kind service on {@code baseUrl}, made active. */
    public AiServiceId activeOpenAi(String baseUrl) {
        AiServiceId id = openAi(baseUrl, "gpt-stub");
        route(id, null);
        return id;
    }
}
