package io.aicockpit.testsupport.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every Spring application started from a test class path the test broker's login, so a service's
 * {@code application.yml} (whose Kafka password has no default) starts in a module IT without each test repeating
 * it. Tests log in as the admin super user because they make topics and groups of their own; the services'
 * least-privilege principals are exercised by the system tests, which run the real jars. Anything the test sets
 * itself (properties, arguments, the environment) wins: this source comes last.
 */
public final class TestKafkaEnvironment implements EnvironmentPostProcessor {
    static final String SOURCE = "aicockpitTestKafka";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("AICOCKPIT_KAFKA_BOOTSTRAP", TestKafka.bootstrap());
        values.put("AICOCKPIT_KAFKA_SECURITY_PROTOCOL", TestKafka.securityProtocol());
        values.put("AICOCKPIT_KAFKA_USERNAME", TestKafka.ADMIN);
        values.put("AICOCKPIT_KAFKA_PASSWORD", TestKafka.sasl() ? TestKafka.password(TestKafka.ADMIN) : "unused");
        // command-side's integration credentials log in as the real provisioning principal, so its ITs prove that
        // principal's ACLs suffice
        values.put("AICOCKPIT_KAFKA_PROVISIONER_USERNAME", TestKafka.PROVISIONER);
        values.put("AICOCKPIT_KAFKA_PROVISIONER_PASSWORD",
                TestKafka.sasl() ? TestKafka.password(TestKafka.PROVISIONER) : "unused");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, values));
    }
}
