package io.aicockpit.aiworker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole ai-worker on a random port against the recreated test database, the shared broker and the stub upstream.
 * Every test class uses the same properties, so they share one context; each test makes its own tenant. Timeouts and
 * circuit settings are short so failure tests finish in seconds. Time is a {@link TestClock}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aicockpit.outbound.allowlist=127.0.0.1/32",
        "aicockpit.ai-worker.first-byte-timeout=1s",
        "aicockpit.ai-worker.idle-timeout=1s",
        "aicockpit.ai-worker.catalog-cache-ttl=200ms",
        "aicockpit.ai-worker.event-poll-interval=50ms",
        "aicockpit.ai-worker.retry.initial-backoff=20ms",
        "aicockpit.ai-worker.circuit-breaker.sliding-window-size=4",
        "aicockpit.ai-worker.circuit-breaker.minimum-number-of-calls=4",
        "aicockpit.ai-worker.circuit-breaker.wait-in-open-state=3s",
        "aicockpit.ai-worker.circuit-breaker.permitted-calls-in-half-open-state=1",
        "aicockpit.ai-worker.bulkhead.max-concurrent-calls-per-tenant=100",
        "spring.kafka.producer.properties.linger.ms=0"})
@ContextConfiguration(initializers = TestDatabase.class)
@Import(TestClock.Configuration.class)
public @interface AiWorkerTest {
}
