package io.aicockpit.command.aiservice;

import io.aicockpit.coreapi.aiservice.AiServiceCatalogIds;
import io.aicockpit.coreapi.aiservice.AiServiceId;
import io.aicockpit.coreapi.aiservice.AiServiceSettings;
import io.aicockpit.coreapi.aiservice.RecordAiServiceConnectionTest;
import io.aicockpit.coreapi.aiservice.RegisterAiService;
import io.aicockpit.coreapi.aiservice.RemoveAiService;
import io.aicockpit.coreapi.aiservice.SetActiveAiService;
import io.aicockpit.coreapi.aiservice.SetFallbackAiService;
import io.aicockpit.coreapi.aiservice.UpdateAiService;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import java.util.Base64;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Handles the catalogue's commands. Register and update may bring a new key: its ciphertext travels as command
 * metadata ({@value #SEALED_API_KEY}, never copied into events) and is inserted into the secret store here, in
 * the command's unit of work and therefore its transaction, before the aggregate decides. A refused command rolls
 * the secret back with it, so the store holds no orphans. The other commands only need the catalogue to exist,
 * and a tenant without one gets the same 404 as for an unknown service.
 */
@Component
class AiServiceCatalogHandler {
    /** Command metadata: base64 of the new API key's ciphertext, for the reference in the command's settings. */
    static final String SEALED_API_KEY = "sealedApiKey";

    private final Repository<TenantAiServices> catalogs;
    private final SecretStore secrets;

    AiServiceCatalogHandler(Repository<TenantAiServices> tenantAiServicesRepository, SecretStore secrets) {
        this.catalogs = tenantAiServicesRepository;
        this.secrets = secrets;
    }

    @CommandHandler
    AiServiceId handle(RegisterAiService command, @MetaDataValue(SEALED_API_KEY) String sealedKey) throws Exception {
        storeKey(command.tenantId(), command.settings(), sealedKey);
        catalogs.loadOrCreate(AiServiceCatalogIds.of(command.tenantId()), TenantAiServices::new)
                .execute(catalog -> catalog.register(command));
        return command.aiServiceId();
    }

    @CommandHandler
    void handle(UpdateAiService command, @MetaDataValue(SEALED_API_KEY) String sealedKey) {
        storeKey(command.tenantId(), command.settings(), sealedKey);
        load(command.tenantId(), command.aiServiceId()).execute(catalog -> catalog.update(command));
    }

    @CommandHandler
    void handle(RemoveAiService command) {
        load(command.tenantId(), command.aiServiceId()).execute(catalog -> catalog.remove(command));
    }

    @CommandHandler
    void handle(RecordAiServiceConnectionTest command) {
        load(command.tenantId(), command.aiServiceId()).execute(catalog -> catalog.recordConnectionTest(command));
    }

    @CommandHandler
    void handle(SetActiveAiService command) {
        load(command.tenantId(), command.aiServiceId()).execute(catalog -> catalog.setActive(command));
    }

    @CommandHandler
    void handle(SetFallbackAiService command) {
        load(command.tenantId(), command.aiServiceId()).execute(catalog -> catalog.setFallback(command));
    }

    /** The live service's settings, read in a unit of work of its own (nothing is appended). */
    AiServiceSettings settingsOf(TenantId tenant, AiServiceId id) {
        ResultMessage<AiServiceSettings> result = DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> load(tenant, id).invoke(catalog -> catalog.require(id)));
        if (result.isExceptional()) {
            if (result.exceptionResult() instanceof RuntimeException e) {
                throw e;
            }
            throw new IllegalStateException("cannot read the AI service catalogue", result.exceptionResult());
        }
        return result.getPayload();
    }

    private void storeKey(TenantId tenant, AiServiceSettings settings, String sealedKey) {
        SecretRef ref = settings == null ? null : settings.apiKey();
        if ((ref == null) != (sealedKey == null)) {
            // a programming error of the sender, not the caller's: a reference without its secret or vice versa
            throw new IllegalArgumentException("an API key reference must come with its sealed key and vice versa");
        }
        if (ref != null) {
            secrets.insert(tenant, ref, Base64.getDecoder().decode(sealedKey));
        }
    }

    private Aggregate<TenantAiServices> load(TenantId tenant, AiServiceId id) {
        try {
            return catalogs.load(AiServiceCatalogIds.of(tenant));
        } catch (AggregateNotFoundException e) {
            throw new AiServiceNotFound(id);
        }
    }
}
