package io.aicockpit.testsupport.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The broker the tests use and the logins they use on it.
 * <ul>
 *   <li>{@code AICOCKPIT_KAFKA_BOOTSTRAP}: the broker, {@code 127.0.0.1:9092} unless set (what
 *       {@code infra/scripts/kafka.sh start} runs; a checkout's own broker, e.g. {@code 127.0.0.1:19092}).</li>
 *   <li>The passwords of the platform principals ({@code admin}, {@code command-side}, …) come from the local demo
 *       credentials file {@code infra/kafka/local-credentials.properties}, found by walking up from the working
 *       directory, or from the file {@code AICOCKPIT_KAFKA_CREDENTIALS_FILE} names.</li>
 *   <li>{@code AICOCKPIT_KAFKA_SECURITY_PROTOCOL}: {@code SASL_PLAINTEXT} unless set; {@code PLAINTEXT} drops the
 *       SASL settings (a broker without authentication).</li>
 * </ul>
 */
public final class TestKafka {
    /** The super user kafka.sh bootstraps at format time. Tests that make their own topics log in as it. */
    public static final String ADMIN = "admin";
    /** The principal that creates integration credentials (SCRAM users, ACLs, quotas) and tenant topics. */
    public static final String PROVISIONER = "provisioner";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private static volatile Map<String, String> passwords;

    private TestKafka() {}

    public static String bootstrap() {
        String value = System.getenv("AICOCKPIT_KAFKA_BOOTSTRAP");
        return value == null || value.isBlank() ? "127.0.0.1:9092" : value.trim();
    }

    public static String securityProtocol() {
        String value = System.getenv("AICOCKPIT_KAFKA_SECURITY_PROTOCOL");
        return value == null || value.isBlank() ? "SASL_PLAINTEXT" : value.trim();
    }

    public static boolean sasl() {
        return securityProtocol().startsWith("SASL_");
    }

    /** The password of a platform principal from the credentials file. */
    public static String password(String principal) {
        String password = passwords().get(principal);
        if (password == null) {
            throw new IllegalStateException("no Kafka principal '" + principal + "' in " + credentialsFile());
        }
        return password;
    }

    /** The JAAS line that logs in as {@code user} with SCRAM. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Client properties (bootstrap, security) logging in as the admin super user. */
    public static Map<String, Object> clientProperties() {
        return clientProperties(ADMIN);
    }

    /** Client properties (bootstrap, security) logging in as a platform principal. */
    public static Map<String, Object> clientProperties(String principal) {
        return clientProperties(principal, sasl() ? password(principal) : "");
    }

    /** Client properties (bootstrap, security) logging in with any SCRAM credential, e.g. an integration's. */
    public static Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("bootstrap.servers", bootstrap());
        properties.put("security.protocol", securityProtocol());
        if (sasl()) {
            properties.put("sasl.mechanism", MECHANISM);
            properties.put("sasl.jaas.config", jaasConfig(user, password));
        }
        return properties;
    }

    /**
     * The environment a service process needs to log in as {@code principal} (what start-local.sh gives it):
     * {@code AICOCKPIT_KAFKA_BOOTSTRAP}, {@code AICOCKPIT_KAFKA_USERNAME}, {@code AICOCKPIT_KAFKA_PASSWORD},
     * {@code AICOCKPIT_KAFKA_SECURITY_PROTOCOL}.
     */
    public static Map<String, String> serviceEnvironment(String principal) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AICOCKPIT_KAFKA_BOOTSTRAP", bootstrap());
        env.put("AICOCKPIT_KAFKA_SECURITY_PROTOCOL", securityProtocol());
        env.put("AICOCKPIT_KAFKA_USERNAME", principal);
        env.put("AICOCKPIT_KAFKA_PASSWORD", sasl() ? password(principal) : "unused");
        if (principal.equals("command-side")) {
            env.put("AICOCKPIT_KAFKA_PROVISIONER_USERNAME", PROVISIONER);
            env.put("AICOCKPIT_KAFKA_PROVISIONER_PASSWORD", sasl() ? password(PROVISIONER) : "unused");
        }
        return env;
    }

    /** The same as Spring Boot command-line arguments, for an application started in the test's JVM. */
    public static List<String> springArguments(String principal) {
        List<String> args = new ArrayList<>();
        serviceEnvironment(principal).forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--spring.kafka.bootstrap-servers=" + bootstrap());
        return args;
    }

    public static Path credentialsFile() {
        String explicit = System.getenv("AICOCKPIT_KAFKA_CREDENTIALS_FILE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        Path relative = Path.of("infra", "kafka", "local-credentials.properties");
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("no " + relative + " above " + Path.of("").toAbsolutePath()
                + "; set AICOCKPIT_KAFKA_CREDENTIALS_FILE");
    }

    private static Map<String, String> passwords() {
        Map<String, String> loaded = passwords;
        if (loaded == null) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(credentialsFile())) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(name -> map.put(name.trim(), properties.getProperty(name).trim()));
            passwords = loaded = Map.copyOf(map);
        }
        return loaded;
    }
}
