package io.aicockpit.query.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.query.QuerySideTest;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The database's own fence: the reader role sees only the tenant set for its transaction, even unfiltered. */
@QuerySideTest
class WorkspaceViewRowLevelSecurityIT {
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    private final TenantId tenantA = WorkspaceEvents.newTenant();
    private final TenantId tenantB = WorkspaceEvents.newTenant();
    private final WorkspaceProjection projection;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    @Autowired
    WorkspaceViewRowLevelSecurityIT(WorkspaceProjection projection, JdbcTemplate jdbc,
                                    PlatformTransactionManager transactionManager) {
        this.projection = projection;
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @BeforeEach
    void oneWorkspacePerTenant() {
        projection.on(WorkspaceEvents.newWorkspace(tenantA).created("a"), 0, T0);
        projection.on(WorkspaceEvents.newWorkspace(tenantB).created("b"), 0, T0);
    }

    @Test
    void readerSeesOnlyTheTenantOfItsTransactionWithoutAnyFilter() {
        List<String> tenants = asReader(tenantA.value(),
                () -> jdbc.queryForList("SELECT DISTINCT tenant_id FROM workspace_view", String.class));

        assertThat(tenants).containsExactly(tenantA.value());
    }

    @Test
    void readerWithoutATenantSeesNothing() {
        Integer rows = asReader(null, () -> jdbc.queryForObject("SELECT count(*) FROM workspace_view", Integer.class));

        assertThat(rows).isZero();
    }

    @Test
    void projectionOwnerSeesEveryTenant() {
        List<String> tenants = jdbc.queryForList(
                "SELECT DISTINCT tenant_id FROM workspace_view WHERE tenant_id IN (?, ?)", String.class,
                tenantA.value(), tenantB.value());

        assertThat(tenants).containsExactlyInAnyOrder(tenantA.value(), tenantB.value());
    }

    @Test
    void readerCannotWrite() {
        assertThatThrownBy(() -> asReader(tenantA.value(),
                () -> jdbc.update("UPDATE workspace_view SET name = 'hijacked' WHERE tenant_id = ?", tenantA.value())))
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("permission denied for table workspace_view");
    }

    private <T> T asReader(String tenant, Supplier<T> query) {
        return transaction.execute(status -> {
            jdbc.queryForObject("SELECT set_config('role', ?, true)", String.class, io.aicockpit.query.tenancy.TenantScopedReads.READER_ROLE);
            if (tenant != null) {
                jdbc.queryForObject("SELECT set_config('aicockpit.tenant', ?, true)", String.class, tenant);
            }
            return query.get();
        });
    }
}
