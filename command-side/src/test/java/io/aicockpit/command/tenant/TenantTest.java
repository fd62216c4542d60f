package io.aicockpit.command.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ActorType;
import io.aicockpit.coreapi.common.RequestedLimits;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.tenant.ChangeTenantIdleTimeout;
import io.aicockpit.coreapi.tenant.ChangeTenantQuotas;
import io.aicockpit.coreapi.tenant.CreateTenant;
import io.aicockpit.coreapi.tenant.TenantCreated;
import io.aicockpit.coreapi.tenant.TenantIdleTimeout;
import io.aicockpit.coreapi.tenant.TenantIdleTimeoutChanged;
import java.time.Duration;
import io.aicockpit.coreapi.tenant.TenantQuotas;
import io.aicockpit.coreapi.tenant.TenantQuotasChanged;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TenantTest {
    static final long MIB = ResourceLimits.MIB;
    static final TenantId ACME = new TenantId("acme");
    static final Actor OPERATOR = new Actor("op-1", "Operator", ActorType.OPERATOR);
    static final ResourceLimits DEFAULTS = new ResourceLimits(512 * MIB, 0, 1_000_000_000L, 256);
    static final ResourceLimits MAX = new ResourceLimits(2048 * MIB, 512 * MIB, 2_000_000_000L, 1024);
    static final TenantQuotas QUOTAS = new TenantQuotas(5, DEFAULTS, MAX);

    private FixtureConfiguration<Tenant> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Tenant.class);
    }

    @Test
    void createsTenantWithTrimmedName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "  Acme Corp ", QUOTAS, OPERATOR))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new TenantCreated(ACME, "Acme Corp", QUOTAS, OPERATOR));
    }

    @Test
    void refusesTenantWithBlankName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "   ", QUOTAS, OPERATOR))
                .expectException(TenantRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void refusesTenantWithOverlongName() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "x".repeat(Tenant.MAX_NAME_LENGTH + 1), QUOTAS, OPERATOR))
                .expectException(TenantRuleViolation.class);
    }

    @Test
    void refusesTenantWithoutQuotas() {
        fixture.givenNoPriorActivity()
                .when(new CreateTenant(ACME, "Acme", null, OPERATOR))
                .expectException(TenantRuleViolation.class);
    }

    @Test
    void changesQuotas() {
        TenantQuotas bigger = new TenantQuotas(10, DEFAULTS, MAX);
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantQuotas(ACME, bigger, OPERATOR))
                .expectEvents(new TenantQuotasChanged(ACME, bigger, OPERATOR));
    }

    @Test
    void unchangedQuotasProduceNoEvent() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantQuotas(ACME, QUOTAS, OPERATOR))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void quotasRefuseDefaultsAboveMaximum() {
        assertThatThrownBy(() -> new TenantQuotas(1, MAX, DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultLimits must not exceed maxLimits");
    }

    @Test
    void resolvesMissingLimitDimensionsFromDefaults() {
        Tenant tenant = created();
        ResourceLimits resolved = tenant.resolveLimits(new RequestedLimits(1024 * MIB, null, null, 100L));
        assertThat(resolved).isEqualTo(new ResourceLimits(1024 * MIB, 0, 1_000_000_000L, 100));
        assertThat(tenant.resolveLimits(null)).isEqualTo(DEFAULTS);
    }

    @Test
    void refusesLimitsAboveTenantMaximum() {
        Tenant tenant = created();
        assertThatThrownBy(() -> tenant.resolveLimits(new RequestedLimits(4096 * MIB, null, null, null)))
                .isInstanceOf(LimitsExceedTenantMaximum.class)
                .hasMessageContaining("memory 4096 MiB");
        assertThatThrownBy(() -> tenant.resolveLimits(new RequestedLimits(null, null, 3_000_000_000L, null)))
                .isInstanceOf(LimitsExceedTenantMaximum.class);
    }

    @Test
    void refusesNonsensicalLimits() {
        Tenant tenant = created();
        assertThatThrownBy(() -> tenant.resolveLimits(new RequestedLimits(null, null, null, 0L)))
                .isInstanceOf(TenantRuleViolation.class)
                .hasMessageContaining("pids");
    }

    // idle timeout

    @Test
    void changesIdleTimeout() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, Duration.ofMinutes(10), OPERATOR))
                .expectEvents(new TenantIdleTimeoutChanged(ACME, Duration.ofMinutes(10), OPERATOR));
    }

    @Test
    void disablesIdleAutoStop() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, null, OPERATOR))
                .expectEvents(new TenantIdleTimeoutChanged(ACME, null, OPERATOR));
    }

    @Test
    void settingTheDefaultIdleTimeoutOfANewTenantProducesNoEvent() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, TenantIdleTimeout.DEFAULT, OPERATOR))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void disablingTwiceProducesOneEvent() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR),
                        new TenantIdleTimeoutChanged(ACME, null, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, null, OPERATOR))
                .expectNoEvents();
    }

    @Test
    void refusesIdleTimeoutOutsideItsBounds() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, Duration.ofMillis(500), OPERATOR))
                .expectException(TenantRuleViolation.class)
                .expectNoEvents();
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, Duration.ofDays(8), OPERATOR))
                .expectException(TenantRuleViolation.class);
    }

    @Test
    void acceptsTheShortestAndLongestIdleTimeout() {
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, TenantIdleTimeout.MIN, OPERATOR))
                .expectEvents(new TenantIdleTimeoutChanged(ACME, TenantIdleTimeout.MIN, OPERATOR));
        fixture.given(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR))
                .when(new ChangeTenantIdleTimeout(ACME, TenantIdleTimeout.MAX, OPERATOR))
                .expectEvents(new TenantIdleTimeoutChanged(ACME, TenantIdleTimeout.MAX, OPERATOR));
    }

    private static Tenant created() {
        Tenant tenant = new Tenant();
        tenant.on(new TenantCreated(ACME, "Acme", QUOTAS, OPERATOR));
        return tenant;
    }
}
