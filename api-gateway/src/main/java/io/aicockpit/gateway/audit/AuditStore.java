package io.aicockpit.gateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit tables in PostgreSQL. Appending links records into their tenant's chain inside one transaction per
 * batch, holding each tenant's {@code audit_chain_head} row lock until commit: whichever replica writes next sees
 * the committed head, so a chain never forks. Heads are locked in tenant order so two writers cannot deadlock.
 */
final class AuditStore {
    static final String COLUMNS = "tenant_id, seq, id, occurred_at, actor_subject, actor_name, actor_type, client_ip,"
            + " user_agent, action, resource_type, resource_id, outcome, http_status, request_id, detail, prev_hash,"
            + " hash";
    private static final RowMapper<AuditRecord> ROW = AuditStore::map;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final TransactionTemplate snapshots;

    AuditStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.snapshots = new TransactionTemplate(java.util.Objects.requireNonNull(transactions.getTransactionManager()));
        this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshots.setReadOnly(true);
    }

    /**
     * Runs {@code reads} on one snapshot of the database (PostgreSQL's repeatable read), so records and chain head
     * read by a verification belong together even while writers keep appending.
     */
    <T> T onOneSnapshot(java.util.function.Supplier<T> reads) {
        return snapshots.execute(status -> reads.get());
    }

    /** The last link of a tenant's chain. */
    record Head(long seq, String hash) {}

    /** Chains and inserts the batch in one transaction; returns the stored records in insertion order. */
    List<AuditRecord> append(List<AuditRecord> batch) {
        return transactions.execute(status -> {
            Map<String, List<AuditRecord>> byTenant = new TreeMap<>();
            for (AuditRecord record : batch) {
                byTenant.computeIfAbsent(record.tenantId(), tenant -> new ArrayList<>()).add(record);
            }
            List<String> tenants = List.copyOf(byTenant.keySet());
            jdbc.batchUpdate("INSERT INTO gateway.audit_chain_head (tenant_id, seq, hash) VALUES (?, 0, ?)"
                            + " ON CONFLICT (tenant_id) DO NOTHING",
                    tenants.stream().map(tenant -> new Object[] {tenant, AuditCanonicalForm.GENESIS}).toList());
            Map<String, Head> heads = new HashMap<>();
            jdbc.query("SELECT tenant_id, seq, hash FROM gateway.audit_chain_head WHERE tenant_id = ANY (?)"
                            + " ORDER BY tenant_id FOR UPDATE",
                    (ResultSet rs) -> {
                        heads.put(rs.getString(1), new Head(rs.getLong(2), rs.getString(3)));
                    }, (Object) tenants.toArray(String[]::new));
            Map<UUID, AuditRecord> stored = new LinkedHashMap<>();
            List<Object[]> newHeads = new ArrayList<>();
            byTenant.forEach((tenant, records) -> {
                Head head = heads.get(tenant);
                long seq = head.seq();
                String prev = head.hash();
                for (AuditRecord record : records) {
                    AuditRecord linked = record.chained(++seq, prev);
                    prev = linked.hash();
                    stored.put(linked.id(), linked);
                }
                newHeads.add(new Object[] {seq, prev, tenant});
            });
            jdbc.batchUpdate("INSERT INTO gateway.audit_record (" + COLUMNS + ")"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?)",
                    stored.values().stream().map(AuditStore::row).toList());
            jdbc.batchUpdate("UPDATE gateway.audit_chain_head SET seq = ?, hash = ? WHERE tenant_id = ?", newHeads);
            return batch.stream().map(record -> stored.get(record.id())).toList();
        });
    }

    /** Ids of the given records that are already stored (a batch whose commit outcome was unknown). */
    Set<UUID> existing(List<AuditRecord> records) {
        return Set.copyOf(jdbc.queryForList("SELECT id FROM gateway.audit_record WHERE id = ANY (?)", UUID.class,
                (Object) records.stream().map(AuditRecord::id).toArray(UUID[]::new)));
    }

    /** One page of a tenant's records, newest first, matching the filter. */
    List<AuditRecord> page(String tenant, AuditFilter filter, Long beforeSeq, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM gateway.audit_record WHERE tenant_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(tenant);
        condition(sql, args, "actor_subject = ?", filter.actor());
        condition(sql, args, "action = ?", filter.action());
        condition(sql, args, "resource_type = ?", filter.resourceType());
        condition(sql, args, "resource_id = ?", filter.resourceId());
        condition(sql, args, "outcome = ?", filter.outcome() == null ? null : filter.outcome().name());
        condition(sql, args, "occurred_at >= ?", filter.from() == null ? null : utc(filter.from()));
        condition(sql, args, "occurred_at < ?", filter.to() == null ? null : utc(filter.to()));
        condition(sql, args, "seq < ?", beforeSeq);
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /** A tenant's records in chain order from {@code afterSeq}, at most {@code limit}. */
    void chain(String tenant, long afterSeq, int limit, Consumer<AuditRecord> each) {
        jdbc.query("SELECT " + COLUMNS + " FROM gateway.audit_record WHERE tenant_id = ? AND seq > ?"
                        + " ORDER BY seq LIMIT ?",
                (ResultSet rs) -> {
                    each.accept(map(rs, 0));
                }, tenant, afterSeq, limit);
    }

    /** The tenant's chain head as last committed, or null when the tenant has no records. */
    Head head(String tenant) {
        List<Head> heads = jdbc.query("SELECT seq, hash FROM gateway.audit_chain_head WHERE tenant_id = ?",
                (rs, n) -> new Head(rs.getLong(1), rs.getString(2)), tenant);
        return heads.isEmpty() ? null : heads.getFirst();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            args.add(value);
        }
    }

    private static Object[] row(AuditRecord r) {
        return new Object[] {r.tenantId(), r.seq(), r.id(), utc(r.time()), r.actorSubject(),
                r.actorName(), r.actorType(), r.clientIp(), r.userAgent(), r.action(), r.resourceType(),
                r.resourceId(), r.outcome().name(), r.status(), r.requestId(), r.detail(), r.prevHash(),
                r.hash()};
    }

    private static AuditRecord map(ResultSet rs, int rowNum) throws SQLException {
        return new AuditRecord(rs.getObject("id", UUID.class), rs.getString("tenant_id"), rs.getLong("seq"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("actor_subject"),
                rs.getString("actor_name"), rs.getString("actor_type"), rs.getString("client_ip"),
                rs.getString("user_agent"), rs.getString("action"), rs.getString("resource_type"),
                rs.getString("resource_id"), AuditOutcome.valueOf(rs.getString("outcome")),
                rs.getInt("http_status"), rs.getString("request_id"), AuditDetail.fromStored(rs.getString("detail")),
                rs.getString("prev_hash"), rs.getString("hash"));
    }
}
