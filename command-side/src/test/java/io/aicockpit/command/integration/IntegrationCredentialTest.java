package io.aicockpit.command.integration;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.integration.CreateIntegrationCredential;
import io.aicockpit.coreapi.integration.IntegrationCredentialCreated;
import io.aicockpit.coreapi.integration.IntegrationCredentialId;
import io.aicockpit.coreapi.integration.IntegrationCredentialRevoked;
import io.aicockpit.coreapi.integration.IntegrationCredentialRotated;
import io.aicockpit.coreapi.integration.RevokeIntegrationCredential;
import io.aicockpit.coreapi.integration.RotateIntegrationCredential;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntegrationCredentialTest {
    static final TenantId ACME = new TenantId("acme");
    static final TenantId GLOBEX = new TenantId("globex");
    static final Actor ADMIN = new Actor("acme-admin", "Acme Admin", ActorType.USER);
    static final IntegrationCredentialId ID = IntegrationCredentialId.of("5b0f3c1e-9a2d-4c1b-8e7f-0123456789ab");
    static final String PRINCIPAL = ID.principal(ACME);
    static final IntegrationCredentialCreated CREATED =
            new IntegrationCredentialCreated(ID, ACME, "siem", PRINCIPAL, ADMIN);

    private FixtureConfiguration<IntegrationCredential> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(IntegrationCredential.class);
    }

    @Test
    void createsACredentialNamingItsPrincipal() {
        fixture.givenNoPriorActivity()
                .when(new CreateIntegrationCredential(ID, ACME, "siem", PRINCIPAL, ADMIN))
                .expectEvents(CREATED);
    }

    @Test
    void principalIsBoundToTheTenant() {
        org.assertj.core.api.Assertions.assertThat(PRINCIPAL).isEqualTo("int.acme.5b0f3c1e9a2d");
    }

    @Test
    void rotatesAnActiveCredential() {
        fixture.given(CREATED).when(new RotateIntegrationCredential(ID, ACME, ADMIN))
                .expectEvents(new IntegrationCredentialRotated(ID, ACME, ADMIN));
    }

    @Test
    void refusesToRotateARevokedCredential() {
        fixture.given(CREATED, new IntegrationCredentialRevoked(ID, ACME, ADMIN))
                .when(new RotateIntegrationCredential(ID, ACME, ADMIN))
                .expectException(IntegrationCredentialRevokedException.class);
    }

    @Test
    void revokesOnceAndIgnoresASecondRevocation() {
        fixture.given(CREATED).when(new RevokeIntegrationCredential(ID, ACME, ADMIN))
                .expectEvents(new IntegrationCredentialRevoked(ID, ACME, ADMIN));
        fixture.given(CREATED, new IntegrationCredentialRevoked(ID, ACME, ADMIN))
                .when(new RevokeIntegrationCredential(ID, ACME, ADMIN)).expectNoEvents();
    }

    @Test
    void anotherTenantsCommandFindsNoCredential() {
        fixture.given(CREATED).when(new RevokeIntegrationCredential(ID, GLOBEX, ADMIN))
                .expectException(IntegrationCredentialNotFound.class);
    }
}
