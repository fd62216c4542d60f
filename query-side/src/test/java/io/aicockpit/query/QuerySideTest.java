package io.aicockpit.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole query side on a random port against the freshly recreated test database. Every test class uses the
 * same properties, so they share one cached context; each test makes its own tenant to stay independent.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aicockpit.query-side.usage-topic=" + QuerySideTest.USAGE_TOPIC,
                "aicockpit.query-side.container-usage-topic=" + QuerySideTest.CONTAINER_USAGE_TOPIC,
                                "aicockpit.query-side.usage-group=aicockpit-query-side-it",
                "aicockpit.query-side.activity-topic=" + QuerySideTest.ACTIVITY_TOPIC,
                "aicockpit.query-side.activity-group=aicockpit-query-side-activity-it",
                "aicockpit.query-side.node-heartbeats-topic=" + QuerySideTest.NODE_HEARTBEATS_TOPIC,
                "aicockpit.query-side.nodes-group=aicockpit-query-side-nodes-it",
                "aicockpit.query-side.node-timeout=3s",
                // projections must see appended events by the event store's notification (EventStoreWakeUp), not
                // by a poll: with this interval every test that awaits a projection would time out without it
                "aicockpit.query-side.event-poll-interval=10m"})
@ContextConfiguration(initializers = TestDatabase.class)
public @interface QuerySideTest {
    /** This suite's usage topic: a query-side of a running platform on the same broker never reads it. */
    String USAGE_TOPIC = "aicockpit.internal.ai-usage.query-side-it";
    /** This suite's container usage topic, apart from a running platform's for the same reason. */
    String CONTAINER_USAGE_TOPIC = "aicockpit.internal.container-usage.query-side-it";
    /** This suite's workspace-activity topic, for the same reason. */
    String ACTIVITY_TOPIC = "aicockpit.internal.workspace-activity.query-side-it";
    /** This suite's node heartbeat topic, for the same reason. */
    String NODE_HEARTBEATS_TOPIC = "aicockpit.internal.node-heartbeats.query-side-it";
}
