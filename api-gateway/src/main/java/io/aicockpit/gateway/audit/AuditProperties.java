package io.aicockpit.gateway.audit;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit trail settings.
 *
 * @param queueCapacity records waiting for the writer; what a crash can lose at most
 * @param batchSize records per insert transaction
 * @param linger how long the writer waits, after taking a record, for more to join its transaction (one
 *        transaction for several records at moderate rates); records wait in the queue that much longer
 * @param flushInterval how long the idle writer waits for the next record before checking for shutdown
 * @param enqueueTimeout how long a request may wait for room in a full queue before its record is dropped
 * @param shutdownTimeout how long a clean shutdown waits for the queue to drain into the database
 * @param retryBackoff pause between attempts to write a batch while the database fails
 * @param trustedProxies IPs or CIDRs of proxies whose {@code X-Forwarded-For} is believed; empty trusts none
 * @param userAgentMaxLength longer user agents are cut
 * @param collectionsWithoutIds API collections whose next path segment is a fixed endpoint, not a resource id
 * @param maxPageSize the largest {@code limit} the list endpoint accepts
 */
@ConfigurationProperties("aicockpit.gateway.audit")
record AuditProperties(@DefaultValue("true") boolean enabled,
                       @DefaultValue("10000") int queueCapacity,
                       @DefaultValue("200") int batchSize,
                       @DefaultValue("20ms") Duration linger,
                       @DefaultValue("50ms") Duration flushInterval,
                       @DefaultValue("20ms") Duration enqueueTimeout,
                       @DefaultValue("30s") Duration shutdownTimeout,
                       @DefaultValue("1s") Duration retryBackoff,
                       @DefaultValue List<String> trustedProxies,
                       @DefaultValue("256") int userAgentMaxLength,
                       @DefaultValue({"audit", "usage"}) Set<String> collectionsWithoutIds,
                       @DefaultValue("500") int maxPageSize,
                       @DefaultValue Kafka kafka) {

    /**
     * Publishing to {@code aicockpit.tenant.<tenant>.audit}.
     *
     * @param queueCapacity stored records waiting to be published
     * @param maxBlock how long the producer may block on broker metadata before a send fails
     */
    record Kafka(@DefaultValue("true") boolean enabled,
                 @DefaultValue("1") int partitions,
                 @DefaultValue("1") short replicationFactor,
                 @DefaultValue("10000") int queueCapacity,
                 @DefaultValue("5s") Duration maxBlock) {}
}
