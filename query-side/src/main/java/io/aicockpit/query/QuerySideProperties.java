package io.aicockpit.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the query side.
 *
 * @param eventPollInterval how long the event store waits before looking for events appended by other processes
 *                          once the projections have caught up, unless a notification ({@link EventStoreWakeUp})
 *                          wakes it first; it bounds the command-to-view lag when notifications are lost
 */
@ConfigurationProperties("aicockpit.query-side")
record QuerySideProperties(@DefaultValue("100ms") Duration eventPollInterval) {
}
