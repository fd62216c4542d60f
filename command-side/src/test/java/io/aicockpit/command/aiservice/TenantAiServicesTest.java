package io.aicockpit.command.aiservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.coreapi.aiservice.ActiveAiServiceSet;
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
import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.secret.SecretRef;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantAiServicesTest {
    static final TenantId ACME = new TenantId("acme");
    static final Actor ADMIN = new Actor("admin-1", "Admin", ActorType.USER);
    static final AiServiceId A = AiServiceId.random();
    static final AiServiceId B = AiServiceId.random();
    static final AiServiceId C = AiServiceId.random();
    static final SecretRef KEY_A = SecretRef.random();
    static final String SEALED = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});

    private FixtureConfiguration<TenantAiServices> fixture;
    private final List<SecretRef> stored = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(TenantAiServices.class);
        SecretStore secrets = new SecretStore() {
            @Override
            public void insert(TenantId tenant, SecretRef ref, byte[] ciphertext) {
                stored.add(ref);
            }

            @Override
            public Optional<byte[]> find(TenantId tenant, SecretRef ref) {
                return Optional.empty();
            }
        };
        fixture.registerAnnotatedCommandHandler(new AiServiceCatalogHandler(fixture.getRepository(), secrets));
    }

    static AiServiceSettings openAi(String name, SecretRef key) {
        return new AiServiceSettings(name, AiServiceKind.OPENAI, "https://api.example.test/v1", key,
                key == null ? null : "wxyz", "gpt-4o-mini", null, null);
    }

    static AiServiceSettings lmStudio(String name) {
        return new AiServiceSettings(name, AiServiceKind.LM_STUDIO, "http://lm.example.test:1234/v1", null, null,
                "qwen2.5-coder", null, null);
    }

    static AiServiceSettings azure(String deployment, String apiVersion) {
        return new AiServiceSettings("azure", AiServiceKind.AZURE_OPENAI, "https://acme.openai.azure.com", KEY_A,
                "wxyz", "gpt-4o", deployment, apiVersion);
    }

    static AiServiceRegistered registered(AiServiceId id, AiServiceSettings settings) {
        return new AiServiceRegistered(ACME, id, settings, ADMIN);
    }

    private static Map<String, Object> sealed() {
        return Map.of(AiServiceCatalogHandler.SEALED_API_KEY, SEALED);
    }

    @Test
    void registersTheFirstServiceAndStoresItsKey() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, openAi(" main ", KEY_A), ADMIN), sealed())
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered(A, openAi("main", KEY_A)));
        assertThat(stored).containsExactly(KEY_A);
    }

    @Test
    void registersKeylessLmStudio() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, lmStudio("local"), ADMIN))
                .expectEvents(registered(A, lmStudio("local")));
        assertThat(stored).isEmpty();
    }

    @Test
    void refusesOpenAiWithoutKey() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, openAi("main", null), ADMIN))
                .expectException(AiServiceRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesAKeyReferenceWithoutItsCiphertext() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, openAi("main", KEY_A), ADMIN))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void registersAzureWithDeploymentAndApiVersion() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, azure("gpt4o", "2024-06-01"), ADMIN), sealed())
                .expectEvents(registered(A, azure("gpt4o", "2024-06-01")));
    }

    @Test
    void refusesAzureWithoutDeployment() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, azure(null, "2024-06-01"), ADMIN), sealed())
                .expectException(AiServiceRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesAzureWithoutApiVersion() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, azure("gpt4o", " "), ADMIN), sealed())
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesAzureDeploymentThatWouldChangeTheUrl() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, azure("../admin", "2024-06-01"), ADMIN), sealed())
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesAzureFieldsOnOtherKinds() {
        AiServiceSettings s = new AiServiceSettings("x", AiServiceKind.CUSTOM, "https://x.example.test", null, null,
                "m", "dep", null);
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, s, ADMIN))
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesBlankNameAndModel() {
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, lmStudio("  "), ADMIN))
                .expectException(AiServiceRuleViolation.class);
        AiServiceSettings noModel = new AiServiceSettings("x", AiServiceKind.CUSTOM, "https://x.example.test", null,
                null, "", null, null);
        fixture.givenNoPriorActivity()
                .when(new RegisterAiService(ACME, A, noModel, ADMIN))
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesADuplicateNameIgnoringCase() {
        fixture.given(registered(A, lmStudio("Local")))
                .when(new RegisterAiService(ACME, B, lmStudio("local"), ADMIN))
                .expectException(AiServiceNameTaken.class)
                .expectNoEvents();
    }

    @Test
    void reusesTheNameOfARemovedService() {
        fixture.given(registered(A, lmStudio("local")), new AiServiceRemoved(ACME, A, ADMIN))
                .when(new RegisterAiService(ACME, B, lmStudio("local"), ADMIN))
                .expectEvents(registered(B, lmStudio("local")));
    }

    @Test
    void updatesOnlyTheGivenFieldsAndKeepsTheKey() {
        AiServiceSettings change = new AiServiceSettings(null, null, null, null, null, "gpt-4.1", null, null);
        AiServiceSettings expected = new AiServiceSettings("main", AiServiceKind.OPENAI, "https://api.example.test/v1",
                KEY_A, "wxyz", "gpt-4.1", null, null);
        fixture.given(registered(A, openAi("main", KEY_A)))
                .when(new UpdateAiService(ACME, A, change, ADMIN))
                .expectEvents(new AiServiceUpdated(ACME, A, expected, ADMIN));
    }

    @Test
    void updatesTheKeyAsANewReference() {
        SecretRef newKey = SecretRef.random();
        AiServiceSettings change = new AiServiceSettings(null, null, null, newKey, "abcd", null, null, null);
        AiServiceSettings expected = new AiServiceSettings("main", AiServiceKind.OPENAI, "https://api.example.test/v1",
                newKey, "abcd", "gpt-4o-mini", null, null);
        fixture.given(registered(A, openAi("main", KEY_A)))
                .when(new UpdateAiService(ACME, A, change, ADMIN), sealed())
                .expectEvents(new AiServiceUpdated(ACME, A, expected, ADMIN));
        assertThat(stored).containsExactly(newKey);
    }

    @Test
    void updateWithoutChangeAppendsNothing() {
        fixture.given(registered(A, lmStudio("local")))
                .when(new UpdateAiService(ACME, A, new AiServiceSettings("local", null, null, null, null, null, null,
                        null), ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesRenamingOntoAnotherServicesName() {
        fixture.given(registered(A, lmStudio("one")), registered(B, lmStudio("two")))
                .when(new UpdateAiService(ACME, B, new AiServiceSettings("ONE", null, null, null, null, null, null,
                        null), ADMIN))
                .expectException(AiServiceNameTaken.class);
    }

    @Test
    void refusesSwitchingToOpenAiWithoutAKey() {
        fixture.given(registered(A, lmStudio("local")))
                .when(new UpdateAiService(ACME, A, new AiServiceSettings(null, AiServiceKind.OPENAI, null, null, null,
                        null, null, null), ADMIN))
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesUpdatesOfUnknownAndRemovedServices() {
        AiServiceSettings change = new AiServiceSettings("x", null, null, null, null, null, null, null);
        fixture.given(registered(A, lmStudio("local")))
                .when(new UpdateAiService(ACME, B, change, ADMIN))
                .expectException(AiServiceNotFound.class);
        fixture.given(registered(A, lmStudio("local")), new AiServiceRemoved(ACME, A, ADMIN))
                .when(new UpdateAiService(ACME, A, change, ADMIN))
                .expectException(AiServiceNotFound.class);
    }

    @Test
    void commandsOfATenantWithoutCatalogueAreNotFound() {
        fixture.givenNoPriorActivity()
                .when(new RemoveAiService(ACME, A, ADMIN))
                .expectException(AiServiceNotFound.class);
    }

    @Test
    void removesAService() {
        fixture.given(registered(A, lmStudio("local")))
                .when(new RemoveAiService(ACME, A, ADMIN))
                .expectEvents(new AiServiceRemoved(ACME, A, ADMIN));
    }

    @Test
    void refusesRemovingARemovedService() {
        fixture.given(registered(A, lmStudio("local")), new AiServiceRemoved(ACME, A, ADMIN))
                .when(new RemoveAiService(ACME, A, ADMIN))
                .expectException(AiServiceNotFound.class);
    }

    @Test
    void removingTheActiveServiceClearsTheActiveRole() {
        fixture.given(registered(A, lmStudio("a")), new ActiveAiServiceSet(ACME, A, ADMIN))
                .when(new RemoveAiService(ACME, A, ADMIN))
                .expectEvents(new AiServiceRemoved(ACME, A, ADMIN), new ActiveAiServiceSet(ACME, null, ADMIN));
    }

    @Test
    void removingTheFallbackServiceClearsTheFallbackRole() {
        fixture.given(registered(A, lmStudio("a")), registered(B, lmStudio("b")),
                        new ActiveAiServiceSet(ACME, A, ADMIN), new FallbackAiServiceSet(ACME, B, ADMIN))
                .when(new RemoveAiService(ACME, B, ADMIN))
                .expectEvents(new AiServiceRemoved(ACME, B, ADMIN), new FallbackAiServiceSet(ACME, null, ADMIN));
    }

    @Test
    void setsTheActiveService() {
        fixture.given(registered(A, lmStudio("a")))
                .when(new SetActiveAiService(ACME, A, ADMIN))
                .expectEvents(new ActiveAiServiceSet(ACME, A, ADMIN));
    }

    @Test
    void settingTheActiveServiceAgainAppendsNothing() {
        fixture.given(registered(A, lmStudio("a")), new ActiveAiServiceSet(ACME, A, ADMIN))
                .when(new SetActiveAiService(ACME, A, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesAnUnknownOrRemovedActiveService() {
        fixture.given(registered(A, lmStudio("a")))
                .when(new SetActiveAiService(ACME, C, ADMIN))
                .expectException(AiServiceNotFound.class);
        fixture.given(registered(A, lmStudio("a")), new AiServiceRemoved(ACME, A, ADMIN))
                .when(new SetActiveAiService(ACME, A, ADMIN))
                .expectException(AiServiceNotFound.class);
    }

    @Test
    void refusesMakingTheFallbackActive() {
        fixture.given(registered(A, lmStudio("a")), registered(B, lmStudio("b")),
                        new ActiveAiServiceSet(ACME, A, ADMIN), new FallbackAiServiceSet(ACME, B, ADMIN))
                .when(new SetActiveAiService(ACME, B, ADMIN))
                .expectException(AiServiceRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void setsAFallbackThatDiffersFromTheActiveService() {
        fixture.given(registered(A, lmStudio("a")), registered(B, lmStudio("b")), new ActiveAiServiceSet(ACME, A, ADMIN))
                .when(new SetFallbackAiService(ACME, B, ADMIN))
                .expectEvents(new FallbackAiServiceSet(ACME, B, ADMIN));
    }

    @Test
    void refusesTheActiveServiceAsFallback() {
        fixture.given(registered(A, lmStudio("a")), new ActiveAiServiceSet(ACME, A, ADMIN))
                .when(new SetFallbackAiService(ACME, A, ADMIN))
                .expectException(AiServiceRuleViolation.class);
    }

    @Test
    void refusesAnUnknownFallback() {
        fixture.given(registered(A, lmStudio("a")))
                .when(new SetFallbackAiService(ACME, C, ADMIN))
                .expectException(AiServiceNotFound.class);
    }

    @Test
    void clearsTheFallback() {
        fixture.given(registered(A, lmStudio("a")), new FallbackAiServiceSet(ACME, A, ADMIN))
                .when(new SetFallbackAiService(ACME, null, ADMIN))
                .expectEvents(new FallbackAiServiceSet(ACME, null, ADMIN));
    }

    @Test
    void clearingAnEmptyFallbackAppendsNothing() {
        fixture.given(registered(A, lmStudio("a")))
                .when(new SetFallbackAiService(ACME, null, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void recordsAConnectionTestWithAShortError() {
        fixture.given(registered(A, lmStudio("a")))
                .when(new RecordAiServiceConnectionTest(ACME, A, false, 12, "HTTP 401\n" + "x".repeat(300), ADMIN))
                .expectEvents(new AiServiceConnectionTested(ACME, A, false, 12, ("HTTP 401 " + "x".repeat(300))
                        .substring(0, TenantAiServices.MAX_ERROR_LENGTH), ADMIN));
    }

    @Test
    void refusesATestResultForARemovedService() {
        fixture.given(registered(A, lmStudio("a")), new AiServiceRemoved(ACME, A, ADMIN))
                .when(new RecordAiServiceConnectionTest(ACME, A, true, 5, null, ADMIN))
                .expectException(AiServiceNotFound.class);
    }
}
