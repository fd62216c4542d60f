package io.aicockpit.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aicockpit.testsupport.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The broker is stopped for 20 s and started again while workspaces are being created, with authentication on:
 * every service logs in again on its own, and, measured from outside by an integration's view of the tenant's
 * public topic, every WorkspaceCreated event arrives exactly once (nothing lost, nothing duplicated).
 * Runs only against a broker this checkout's {@code infra/scripts/kafka.sh} started (its pid file), which it may
 * stop and start.
 */
class BrokerOutageSystemIT {
    static final Duration OUTAGE = Duration.ofSeconds(20);
    /** The load's pause between two commands. */
    static final Duration LOAD_PACE = Duration.ofMillis(50);

    @Test
    void aTwentySecondOutageUnderLoadLosesAndDuplicatesNothing() throws Exception {
        Path root = repositoryRoot();
        Assumptions.assumeTrue(brokerIsOurs(root), "the broker was not started by this checkout's kafka.sh");
        Platform platform = Platform.get();
        String tenant = platform.onboardTenant("outage", 1);
        Set<String> created = ConcurrentHashMap.newKeySet();
        created.add(platform.createWorkspace(tenant, Map.of("name", "first", "stackId", "busybox")));

        List<Throwable> loadErrors = new CopyOnWriteArrayList<>();
        AtomicInteger next = new AtomicInteger();
        // a steady stream of commands, each LOAD_PACE after the previous one was accepted (~15/s on two busy
        // cores); the first refusal ends it
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        load.scheduleWithFixedDelay(() -> {
            if (!loadErrors.isEmpty()) {
                return;
            }
            try {
                created.add(platform.createWorkspace(tenant,
                        Map.of("name", "load-" + next.getAndIncrement(), "stackId", "busybox")));
            } catch (Exception e) {
                loadErrors.add(e);
            }
        }, 0, LOAD_PACE.toMillis(), TimeUnit.MILLISECONDS);
        try {
            await().atMost(Duration.ofSeconds(30)).failFast("a command was refused", () -> !loadErrors.isEmpty())
                    .until(() -> created.size() >= 20);
            kafka(root, "stop");
            int createdWhileDown = created.size();
            // the scenario's outage, not a wait for something: the broker stays down for OUTAGE while every
            // command of the load is still accepted
            await("commands accepted while the broker is down").during(OUTAGE).atMost(OUTAGE.plusSeconds(10))
                    .failFast("a command was refused while the broker was down", () -> !loadErrors.isEmpty())
                    .until(loadErrors::isEmpty);
            assertThat(created.size()).as("commands keep being accepted while the broker is down")
                    .isGreaterThan(createdWhileDown);
            kafka(root, "start");
            int atRestart = created.size();
            await().atMost(Duration.ofSeconds(30)).failFast("a command was refused", () -> !loadErrors.isEmpty())
                    .until(() -> created.size() >= atRestart + 20);
        } finally {
            load.shutdown();
            load.awaitTermination(1, TimeUnit.MINUTES);
        }
        assertThat(load.isTerminated()).as("the last command of the load answered").isTrue();
        assertThat(loadErrors).isEmpty();

        Map<String, Integer> seen = new HashMap<>();
        Map<String, Object> config = new HashMap<>(TestKafka.clientProperties());
        config.put("group.id", "outage-check-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("aicockpit.tenant." + tenant + ".workspace-events"));
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if ("io.aicockpit.workspace.created.v1".equals(header(record, "ce_type"))) {
                        seen.merge(record.key(), 1, Integer::sum);
                    }
                }
                return seen.keySet().containsAll(created);
            });
            consumer.poll(Duration.ofSeconds(2)).forEach(record -> {
                if ("io.aicockpit.workspace.created.v1".equals(header(record, "ce_type"))) {
                    seen.merge(record.key(), 1, Integer::sum);
                }
            });
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(created);
        assertThat(seen.values()).as("each WorkspaceCreated exactly once").allMatch(count -> count == 1);
    }

    private static boolean brokerIsOurs(Path root) throws Exception {
        Path pid = root.resolve("build/kafka/kafka.pid");
        if (!Files.isRegularFile(pid)) {
            return false;
        }
        long id = Long.parseLong(Files.readString(pid).strip());
        return ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false)
                && Files.readString(root.resolve("build/kafka/server.properties"))
                .contains("://127.0.0.1:" + port() + ",");
    }

    private static String port() {
        String bootstrap = TestKafka.bootstrap();
        return bootstrap.substring(bootstrap.lastIndexOf(':') + 1);
    }

    private static void kafka(Path root, String command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("infra/scripts/kafka.sh").toString(), command)
                .redirectErrorStream(true);
        builder.environment().put("AICOCKPIT_KAFKA_PORT", port());
        // by now the suite's broker holds every earlier class's tenant topics, and loading them all again takes
        // more than the script's default minute on two busy cores
        builder.environment().put("AICOCKPIT_KAFKA_START_TIMEOUT", "240");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("kafka.sh %s: %s", command, output).isZero();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("infra/scripts/kafka.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no infra/scripts/kafka.sh above " + Path.of("").toAbsolutePath());
    }
}
