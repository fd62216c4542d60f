package io.aicockpit.command.aiservice;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
import io.aicockpit.coreapi.aiservice.AiServiceCatalogIds;
import io.aicockpit.coreapi.aiservice.AiServiceConnectionTested;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceKind;
import io.aicockpit.coreapi.aiservice.AiServiceRegistered;
import io.aicockpit.coreapi.aiservice.AiServiceRemoved;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.AiServiceUpdated;
import io.aicockpit.coreapi.aiservice.FallbackAiServiceSet;
import io.aicockpit.coreapi.aiservice.RecordAiServiceConnectionTest;
import io.aicockpit.coreapi.aiservice.RegisterAiService;
import io.aicockpit.coreapi.aiservice.RemoveAiService;
import io.aicockpit.coreapi.aiservice.SetActiveAiService;
import io.aicockpit.coreapi.aiservice.SetFallbackAiService;
import io.aicockpit.coreapi.aiservice.UpdateAiService;
import io.aicockpit.coreapi.common.TenantId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One tenant's AI services, as one aggregate so that "names are unique", "one active, one fallback, never the
 * same" and "a removed service holds no role" are decided in one place. Created by the first registration. The
 * commands arrive through {@link AiServiceCatalogHandler}, which also stores the key's ciphertext in the same
 * transaction; this class sees only the key's reference.
 */
@Aggregate
class TenantAiServices {
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_MODEL_LENGTH = 200;
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_ERROR_LENGTH = 200;
    private static final Set<AiServiceKind> KEYLESS = Set.of(AiServiceKind.LM_STUDIO, AiServiceKind.CUSTOM);
    /** Deployment and api-version go into the request URL, so they are limited to URL-safe characters. */
    private static final Pattern AZURE_TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @AggregateIdentifier
    private String catalogId;
    private TenantId tenantId;
    /** Live services only: a removed service is gone for every decision. */
    private final Map<AiServiceId, AiServiceSettings> services = new HashMap<>();
    private AiServiceId active;
    private AiServiceId fallback;

    TenantAiServices() {
        // empty until the first registration; Axon also uses it for event sourcing
    }

    void register(RegisterAiService command) {
        AiServiceSettings settings = validated(command.settings());
        if (services.containsKey(command.aiServiceId())) {
            throw new AiServiceRuleViolation("AI service " + command.aiServiceId() + " is already registered");
        }
        requireUniqueName(settings.name(), command.aiServiceId());
        apply(new AiServiceRegistered(command.tenantId(), command.aiServiceId(), settings, command.requestedBy()));
    }

    /** Fields that are null in the command keep their value; a new key arrives as a new reference. */
    void update(UpdateAiService command) {
        AiServiceSettings current = require(command.aiServiceId());
        AiServiceSettings merged = validated(merge(current, command.settings()));
        requireUniqueName(merged.name(), command.aiServiceId());
        if (!merged.equals(current)) {
            apply(new AiServiceUpdated(tenantId, command.aiServiceId(), merged, command.requestedBy()));
        }
    }

    void remove(RemoveAiService command) {
        AiServiceId id = command.aiServiceId();
        require(id);
        boolean wasActive = id.equals(active);
        boolean wasFallback = id.equals(fallback);
        apply(new AiServiceRemoved(tenantId, id, command.requestedBy()));
        if (wasActive) {
            apply(new ActiveAiServiceSet(tenantId, null, command.requestedBy()));
        }
        if (wasFallback) {
            apply(new FallbackAiServiceSet(tenantId, null, command.requestedBy()));
        }
    }

    void recordConnectionTest(RecordAiServiceConnectionTest command) {
        require(command.aiServiceId());
        apply(new AiServiceConnectionTested(tenantId, command.aiServiceId(), command.succeeded(),
                Math.max(0, command.latencyMillis()), shortText(command.error()), command.requestedBy()));
    }

    void setActive(SetActiveAiService command) {
        AiServiceId id = command.aiServiceId();
        if (id == null) {
            throw new AiServiceRuleViolation("aiServiceId is required: a tenant's AI requests need a service");
        }
        require(id);
        if (id.equals(fallback)) {
            throw new AiServiceRuleViolation("AI service " + id + " is the fallback; the active service must differ");
        }
        if (!id.equals(active)) {
            apply(new ActiveAiServiceSet(tenantId, id, command.requestedBy()));
        }
    }

    /** A null service clears the fallback. */
    void setFallback(SetFallbackAiService command) {
        AiServiceId id = command.aiServiceId();
        if (id == null) {
            if (fallback != null) {
                apply(new FallbackAiServiceSet(tenantId, null, command.requestedBy()));
            }
            return;
        }
        require(id);
        if (id.equals(active)) {
            throw new AiServiceRuleViolation("AI service " + id + " is the active one; the fallback must differ");
        }
        if (!id.equals(fallback)) {
            apply(new FallbackAiServiceSet(tenantId, id, command.requestedBy()));
        }
    }

    /** The live service's settings, for the connection test. */
    AiServiceSettings require(AiServiceId id) {
        AiServiceSettings settings = id == null ? null : services.get(id);
        if (settings == null) {
            throw new AiServiceNotFound(id);
        }
        return settings;
    }

    private void requireUniqueName(String name, AiServiceId self) {
        String wanted = name.toLowerCase(Locale.ROOT);
        boolean taken = services.entrySet().stream().anyMatch(e -> !e.getKey().equals(self)
                && e.getValue().name().toLowerCase(Locale.ROOT).equals(wanted));
        if (taken) {
            throw new AiServiceNameTaken(name);
        }
    }

    private static AiServiceSettings merge(AiServiceSettings current, AiServiceSettings change) {
        AiServiceKind kind = change.kind() != null ? change.kind() : current.kind();
        boolean newKey = change.apiKey() != null;
        boolean azure = kind == AiServiceKind.AZURE_OPENAI;
        return new AiServiceSettings(
                change.name() != null ? change.name() : current.name(),
                kind,
                change.baseUrl() != null ? change.baseUrl() : current.baseUrl(),
                newKey ? change.apiKey() : current.apiKey(),
                newKey ? change.apiKeyLast4() : current.apiKeyLast4(),
                change.defaultModel() != null ? change.defaultModel() : current.defaultModel(),
                change.azureDeployment() != null ? change.azureDeployment() : azure ? current.azureDeployment() : null,
                change.azureApiVersion() != null ? change.azureApiVersion() : azure ? current.azureApiVersion() : null);
    }

    /** Trims and checks every field; the result is what the event carries. */
    static AiServiceSettings validated(AiServiceSettings s) {
        if (s == null) {
            throw new AiServiceRuleViolation("settings are required");
        }
        String name = s.name() == null ? "" : s.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            throw new AiServiceRuleViolation("name must be 1-" + MAX_NAME_LENGTH
                    + " characters without control characters");
        }
        if (s.kind() == null) {
            throw new AiServiceRuleViolation("kind is required");
        }
        String baseUrl = s.baseUrl() == null ? "" : s.baseUrl().strip();
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        if (baseUrl.isEmpty() || baseUrl.length() > MAX_URL_LENGTH) {
            throw new AiServiceRuleViolation("baseUrl is required (at most " + MAX_URL_LENGTH + " characters)");
        }
        String model = s.defaultModel() == null ? "" : s.defaultModel().strip();
        if (model.isEmpty() || model.length() > MAX_MODEL_LENGTH || model.chars().anyMatch(Character::isISOControl)) {
            throw new AiServiceRuleViolation("defaultModel must be 1-" + MAX_MODEL_LENGTH + " characters");
        }
        String deployment = blankToNull(s.azureDeployment());
        String apiVersion = blankToNull(s.azureApiVersion());
        if (s.kind() == AiServiceKind.AZURE_OPENAI) {
            if (deployment == null || apiVersion == null) {
                throw new AiServiceRuleViolation("an AZURE_OPENAI service needs azureDeployment and azureApiVersion");
            }
            if (!AZURE_TOKEN.matcher(deployment).matches() || !AZURE_TOKEN.matcher(apiVersion).matches()) {
                throw new AiServiceRuleViolation(
                        "azureDeployment and azureApiVersion may contain only letters, digits, '.', '_' and '-'");
            }
        } else if (deployment != null || apiVersion != null) {
            throw new AiServiceRuleViolation("azureDeployment and azureApiVersion belong to AZURE_OPENAI services only");
        }
        if (s.apiKey() == null && !KEYLESS.contains(s.kind())) {
            throw new AiServiceRuleViolation("a " + s.kind() + " service needs an apiKey");
        }
        return new AiServiceSettings(name, s.kind(), baseUrl, s.apiKey(), s.apiKey() == null ? null : s.apiKeyLast4(),
                model, deployment, apiVersion);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String shortText(String error) {
        if (error == null) {
            return null;
        }
        String clean = error.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() <= MAX_ERROR_LENGTH ? clean : clean.substring(0, MAX_ERROR_LENGTH);
    }

    @EventSourcingHandler
    void on(AiServiceRegistered event) {
        catalogId = AiServiceCatalogIds.of(event.tenantId());
        tenantId = event.tenantId();
        services.put(event.aiServiceId(), event.settings());
    }

    @EventSourcingHandler
    void on(AiServiceUpdated event) {
        services.put(event.aiServiceId(), event.settings());
    }

    @EventSourcingHandler
    void on(AiServiceRemoved event) {
        services.remove(event.aiServiceId());
        if (Objects.equals(event.aiServiceId(), active)) {
            active = null;
        }
        if (Objects.equals(event.aiServiceId(), fallback)) {
            fallback = null;
        }
    }

    @EventSourcingHandler
    void on(ActiveAiServiceSet event) {
        active = event.aiServiceId();
    }

    @EventSourcingHandler
    void on(FallbackAiServiceSet event) {
        fallback = event.aiServiceId();
    }
}
