package io.aicockpit.query.tenancy;

import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way the API reads tenant data. Every query filters by tenant itself; on top of that it runs here, in a
 * read-only transaction as the {@value #READER_ROLE} role with {@code aicockpit.tenant} set, so PostgreSQL's
 * row-level security (migrations V3, V13, V13_5) hides other tenants' rows even from a query that forgot its filter.
 */
@Component
public class TenantScopedReads {
    /** May only SELECT, and only rows of the tenant in {@code aicockpit.tenant}. */
    public static final String READER_ROLE = "aicockpit_query_reader";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    TenantScopedReads(NamedParameterJdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** Runs {@code reads} with {@code tenantId}'s rows visible and no other tenant's. */
    public <T> T asTenant(String tenantId, Function<NamedParameterJdbcTemplate, T> reads) {
        return readOnly.execute(transaction -> {
            jdbc.query("SELECT set_config('role', :role, true), set_config('aicockpit.tenant', :tenantId, true)",
                    new MapSqlParameterSource().addValue("role", READER_ROLE).addValue("tenantId", tenantId),
                    resultSet -> null);
            return reads.apply(jdbc);
        });
    }
}
