package io.aicockpit.worker.action;

import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.workspace.WorkspaceId;
import io.aicockpit.testsupport.kafka.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients against the shared broker, so tests see exactly what other services would. The worker under
 * test uses topics of its own: other suites produce real actions to the internal topics at the same time, and a
 * test worker must neither act on them nor have its actions taken by a worker of theirs.
 */
final class KafkaTestSupport {
    static final String BOOTSTRAP = TestKafka.bootstrap();
    static final String ACTIONS_TOPIC = Topics.CONTAINER_ACTIONS + ".container-worker-it";
    static final String RESULTS_TOPIC = Topics.CONTAINER_RESULTS + ".container-worker-it";
    private static final ContainerMessageCodec CODEC = new ContainerMessageCodec();

    private KafkaTestSupport() {}

    static String uniqueGroup(String purpose) {
        return "aicockpit-container-workers-it-" + purpose + "-" + UUID.randomUUID();
    }

    /** The worker settings that point it at the test topics. */
    static Map<String, String> workerTopics() {
        return Map.of("aicockpit.container-worker.actions-topic", ACTIONS_TOPIC,
                "aicockpit.container-worker.results-topic", RESULTS_TOPIC);
    }

    static void ensureTopics() throws InterruptedException {
        try (Admin admin = admin()) {
            for (String topic : List.of(ACTIONS_TOPIC, RESULTS_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic, e.getCause());
                    }
                }
            }
        }
    }

    /**
     * Gives a new consumer group committed offsets at the current end of the actions topic, so a worker joining
     * with it handles only what the test produces, never the history of earlier runs.
     */
    static void startGroupAtEndOfActions(String group) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(ACTIONS_TOPIC))
                    .allTopicNames().get().get(ACTIONS_TOPIC).partitions().stream()
                    .map(p -> new TopicPartition(ACTIONS_TOPIC, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()))).all().get();
            admin.alterConsumerGroupOffsets(group, ends.entrySet().stream().collect(Collectors.toMap(
                    Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset())))).all().get();
        }
    }

    static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.putAll(TestKafka.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static void send(KafkaProducer<String, String> producer, ContainerAction action)
            throws InterruptedException, ExecutionException {
        sendRaw(producer, action.workspaceId(), CODEC.write(action));
    }

    static void sendRaw(KafkaProducer<String, String> producer, WorkspaceId key, String value)
            throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(ACTIONS_TOPIC, key.toString(), value)).get();
    }

    /** Reads the results topic from its current end on, in a group of its own. */
    static final class ResultReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

        ResultReader() {
            Properties props = new Properties();
            props.putAll(TestKafka.clientProperties());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueGroup("results"));
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            consumer = new KafkaConsumer<>(props);
            List<TopicPartition> partitions = consumer.partitionsFor(RESULTS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** Every result keyed by the workspace read so far, after one more poll. */
        List<ContainerResult> resultsFor(WorkspaceId workspace) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().filter(r -> workspace.toString().equals(r.key())).map(ResultReader::parse).toList();
        }

        private static ContainerResult parse(ConsumerRecord<String, String> record) {
            try {
                return CODEC.readResult(record.value());
            } catch (Exception e) {
                throw new IllegalStateException("unreadable result at offset " + record.offset(), e);
            }
        }

        /** True once every result published so far has been read. */
        boolean caughtUp() {
            var ends = consumer.endOffsets(consumer.assignment());
            return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static Admin admin() {
        return Admin.create(TestKafka.clientProperties());
    }
}
