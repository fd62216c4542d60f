package io.aicockpit.command.aiservice;

import io.aicockpit.command.web.CallerIdentity;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.RecordAiServiceConnectionTest;
import io.aicockpit.coreapi.aiservice.RegisterAiService;
import io.aicockpit.coreapi.aiservice.RemoveAiService;
import io.aicockpit.coreapi.aiservice.SetActiveAiService;
import io.aicockpit.coreapi.aiservice.SetFallbackAiService;
import io.aicockpit.coreapi.aiservice.UpdateAiService;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import io.aicockpit.support.net.OutboundUrlGuard;
import io.aicockpit.support.secret.SecretCipher;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Org admins manage their tenant's AI services. The API key is encrypted here, on arrival, and from then on only
 * its ciphertext (to the secret store, with the command) and its reference and last four characters travel.
 * Base URLs pass the outbound guard before any command is sent, so a refused URL never becomes an event.
 */
@RestController
@RequestMapping("/api/v1/ai-services")
class AiServiceCommandController {
    /** Printable ASCII without spaces: a key goes into an HTTP header, where anything else would be injectable. */
    private static final Pattern KEY_SHAPE = Pattern.compile("[\\x21-\\x7E]{1,4096}");

    private final CommandGateway commands;
    private final SecretCipher cipher;
    private final OutboundUrlGuard guard;
    private final AiServiceCatalogHandler catalog;
    private final AiServiceConnectionTester tester;

    AiServiceCommandController(CommandGateway commands, SecretCipher cipher, OutboundUrlGuard guard,
                               AiServiceCatalogHandler catalog, AiServiceConnectionTester tester) {
        this.commands = commands;
        this.cipher = cipher;
        this.guard = guard;
        this.catalog = catalog;
        this.tester = tester;
    }

    record RegisterAiServiceRequest(@NotBlank @Size(max = 64) String name, @NotNull AiServiceKind kind,
                                    @NotBlank @Size(max = 2048) String baseUrl, String apiKey,
                                    @NotBlank @Size(max = 200) String defaultModel,
                                    @Size(max = 64) String azureDeployment, @Size(max = 64) String azureApiVersion) {
        @Override
        public String toString() {
            return "RegisterAiServiceRequest[name=" + name + ", kind=" + kind + ", apiKey=<redacted>]";
        }
    }

    /** Absent (or null) fields keep their value. */
    record UpdateAiServiceRequest(@Size(min = 1, max = 64) String name, AiServiceKind kind,
                                  @Size(min = 1, max = 2048) String baseUrl, String apiKey,
                                  @Size(min = 1, max = 200) String defaultModel,
                                  @Size(max = 64) String azureDeployment, @Size(max = 64) String azureApiVersion) {
        @Override
        public String toString() {
            return "UpdateAiServiceRequest[name=" + name + ", kind=" + kind + ", apiKey=<redacted>]";
        }
    }

    record ServiceRoleRequest(UUID aiServiceId) {}

    record AiServiceRegisteredResponse(UUID aiServiceId, String apiKeyLast4) {}

    @PostMapping
    ResponseEntity<AiServiceRegisteredResponse> register(CallerIdentity caller,
                                                         @Valid @RequestBody RegisterAiServiceRequest body) {
        TenantId tenant = admin(caller);
        checkUrl(body.baseUrl());
        AiServiceId id = AiServiceId.random();
        SealedKey key = seal(tenant, body.apiKey());
        AiServiceSettings settings = new AiServiceSettings(body.name(), body.kind(), body.baseUrl(), key.ref(),
                key.last4(), body.defaultModel(), body.azureDeployment(), body.azureApiVersion());
        send(new RegisterAiService(tenant, id, settings, caller.actor()), key);
        return ResponseEntity.created(URI.create("/api/v1/ai-services/" + id))
                .body(new AiServiceRegisteredResponse(id.value(), key.last4()));
    }

    @PatchMapping("/{aiServiceId}")
    ResponseEntity<Void> update(CallerIdentity caller, @PathVariable UUID aiServiceId,
                                @Valid @RequestBody UpdateAiServiceRequest body) {
        TenantId tenant = admin(caller);
        if (body.baseUrl() != null) {
            checkUrl(body.baseUrl());
        }
        SealedKey key = seal(tenant, body.apiKey());
        AiServiceSettings change = new AiServiceSettings(body.name(), body.kind(), body.baseUrl(), key.ref(),
                key.last4(), body.defaultModel(), body.azureDeployment(), body.azureApiVersion());
        send(new UpdateAiService(tenant, new AiServiceId(aiServiceId), change, caller.actor()), key);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{aiServiceId}")
    ResponseEntity<Void> remove(CallerIdentity caller, @PathVariable UUID aiServiceId) {
        TenantId tenant = admin(caller);
        commands.sendAndWait(new RemoveAiService(tenant, new AiServiceId(aiServiceId), caller.actor()));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{aiServiceId}/test")
    ConnectionTestResult test(CallerIdentity caller, @PathVariable UUID aiServiceId) {
        TenantId tenant = admin(caller);
        AiServiceId id = new AiServiceId(aiServiceId);
        ConnectionTestResult result = tester.test(tenant, catalog.settingsOf(tenant, id));
        commands.sendAndWait(new RecordAiServiceConnectionTest(tenant, id, result.succeeded(),
                result.latencyMillis(), result.error(), caller.actor()));
        return result;
    }

    @PutMapping("/active")
    ResponseEntity<Void> setActive(CallerIdentity caller, @RequestBody ServiceRoleRequest body) {
        TenantId tenant = admin(caller);
        if (body.aiServiceId() == null) {
            throw new AiServiceRuleViolation("aiServiceId is required: a tenant's AI requests need a service");
        }
        commands.sendAndWait(new SetActiveAiService(tenant, new AiServiceId(body.aiServiceId()), caller.actor()));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/fallback")
    ResponseEntity<Void> setFallback(CallerIdentity caller, @RequestBody ServiceRoleRequest body) {
        TenantId tenant = admin(caller);
        AiServiceId id = body.aiServiceId() == null ? null : new AiServiceId(body.aiServiceId());
        commands.sendAndWait(new SetFallbackAiService(tenant, id, caller.actor()));
        return ResponseEntity.noContent().build();
    }

    private static TenantId admin(CallerIdentity caller) {
        TenantId tenant = caller.requireTenant();
        caller.requireOrgAdmin("manage AI services");
        return tenant;
    }

    private void checkUrl(String baseUrl) {
        guard.check(baseUrl);
    }

    /** Encrypts a non-empty key for a fresh reference; an absent or empty key is no key. */
    private SealedKey seal(TenantId tenant, String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return SealedKey.NONE;
        }
        if (!KEY_SHAPE.matcher(apiKey).matches()) {
            throw new AiServiceRuleViolation("apiKey must be 1-4096 printable ASCII characters without spaces");
        }
        SecretRef ref = SecretRef.random();
        String sealed = Base64.getEncoder().encodeToString(cipher.encrypt(tenant.value(), ref, apiKey));
        return new SealedKey(ref, SecretCipher.last4(apiKey), sealed);
    }

    private void send(Object command, SealedKey key) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(key.sealed() == null
                ? Map.of() : Map.of(AiServiceCatalogHandler.SEALED_API_KEY, key.sealed())));
    }

    private record SealedKey(SecretRef ref, String last4, String sealed) {
        static final SealedKey NONE = new SealedKey(null, null, null);
    }
}
