import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * kafka.sh's helper, run with the broker's jars on the class path:
 * <pre>
 *   probe BOOTSTRAP CREDENTIALS_FILE            exit 0: the broker takes the file's admin login (SASL/SCRAM-SHA-512)
 *   apply BOOTSTRAP CREDENTIALS_FILE ACLS_FILE  creates/updates every service principal's SCRAM credential and
 *                                               makes its ACLs exactly those of the ACL file
 * </pre>
 * Exit codes: 0 done, 2 the broker refused the admin login or is no SASL broker, 3 timed out, 1 anything else.
 */
public final class KafkaSecurity {
    static final String ADMIN = "admin";
    static final int ITERATIONS = 8192;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaSecurity probe|apply BOOTSTRAP CREDENTIALS_FILE [ACLS_FILE]");
            System.exit(64);
        }
        Map<String, String> credentials = credentials(Path.of(args[2]));
        String adminPassword = credentials.get(ADMIN);
        if (adminPassword == null) {
            fail(1, "no '" + ADMIN + "' entry in " + args[2]);
        }
        try (Admin admin = Admin.create(adminConfig(args[1], adminPassword))) {
            try {
                admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail(3, "no answer from a SASL/SCRAM broker at " + args[1] + " within 15 s (a PLAINTEXT broker never "
                        + "answers a SASL client)");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException) {
                    fail(2, "the broker at " + args[1] + " refused the SASL/SCRAM admin login: "
                            + e.getCause().getMessage());
                }
                throw e;
            }
            switch (args[0]) {
                case "probe" -> System.out.println("SASL/SCRAM-SHA-512 admin login accepted by " + args[1]);
                case "apply" -> apply(admin, credentials, Path.of(args[3]));
                default -> fail(64, "unknown command " + args[0]);
            }
        }
    }

    private static void apply(Admin admin, Map<String, String> credentials, Path aclFile) throws Exception {
        List<UserScramCredentialUpsertion> users = new ArrayList<>();
        credentials.forEach((user, password) -> {
            if (!user.equals(ADMIN)) {
                users.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password));
            }
        });
        admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);

        List<AclBinding> wanted = acls(aclFile);
        Set<String> principals = new HashSet<>();
        wanted.forEach(binding -> principals.add(binding.entry().principal()));
        credentials.keySet().stream().filter(user -> !user.equals(ADMIN)).forEach(user -> principals.add("User:" + user));
        admin.createAcls(wanted).all().get(30, TimeUnit.SECONDS);
        // anything else these principals hold was granted by an older ACL file: take it away
        List<AclBindingFilter> stale = new ArrayList<>();
        for (String principal : principals) {
            for (AclBinding held : admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                    new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY)))
                    .values().get(30, TimeUnit.SECONDS)) {
                if (!wanted.contains(held)) {
                    stale.add(held.toFilter());
                }
            }
        }
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get(30, TimeUnit.SECONDS);
        }
        System.out.println(users.size() + " service principals, " + wanted.size() + " ACLs applied"
                + (stale.isEmpty() ? "" : ", " + stale.size() + " stale ACLs removed"));
    }

    static Map<String, Object> adminConfig(String bootstrap, String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrap);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + ADMIN + "\" password=\"" + password + "\";");
        config.put("request.timeout.ms", 10000);
        config.put("default.api.timeout.ms", 15000);
        return config;
    }

    static Map<String, String> credentials(Path file) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> credentials = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(name -> {
            String password = properties.getProperty(name).trim();
            if (!password.matches("[A-Za-z0-9._~-]{12,}")) {
                fail(1, "the password of '" + name + "' must be at least 12 of [A-Za-z0-9._~-]");
            }
            credentials.put(name.trim(), password);
        });
        return credentials;
    }

    static List<AclBinding> acls(Path file) throws Exception {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("\\s+");
            if (f.length != 5) {
                fail(1, "bad ACL line (principal resource pattern name operations): " + line);
            }
            ResourceType type = ResourceType.fromString(f[1].toUpperCase());
            PatternType pattern = PatternType.fromString(f[2].toUpperCase());
            if (type == ResourceType.UNKNOWN || pattern == PatternType.UNKNOWN) {
                fail(1, "bad resource type or pattern type in: " + line);
            }
            for (String op : f[4].split(",")) {
                AclOperation operation = AclOperation.fromString(op);
                if (operation == AclOperation.UNKNOWN) {
                    fail(1, "unknown operation " + op + " in: " + line);
                }
                bindings.add(new AclBinding(new ResourcePattern(type, f[3], pattern),
                        new AccessControlEntry("User:" + f[0], "*", operation, AclPermissionType.ALLOW)));
            }
        }
        return bindings;
    }

    private static void fail(int code, String message) {
        System.err.println(message);
        System.exit(code);
    }
}
