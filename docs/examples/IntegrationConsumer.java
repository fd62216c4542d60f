import java.io.FileReader;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A small integration: reads a tenant's workspace events with an integration credential and prints one line per
 * CloudEvent, skipping ids it has already seen (delivery is at least once; a backfill replays the original ids).
 * Usage: java -cp 'kafka-libs/*' IntegrationConsumer.java CLIENT_PROPERTIES TOPIC GROUP [MAX_EVENTS]
 */
public class IntegrationConsumer {
    public static void main(String[] args) throws IOException {
        Properties config = new Properties();
        try (FileReader in = new FileReader(args[0])) {
            config.load(in);
        }
        config.put("group.id", args[2]);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        int max = args.length > 3 ? Integer.parseInt(args[3]) : Integer.MAX_VALUE;
        Set<String> seen = new HashSet<>();
        long idleSince = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(args[1]));
            while (seen.size() < max && System.nanoTime() - idleSince < Duration.ofSeconds(15).toNanos()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    idleSince = System.nanoTime();
                    if (seen.add(header(record, "ce_id"))) {
                        System.out.println(header(record, "ce_time") + " " + header(record, "ce_type")
                                + " workspace=" + record.key() + " id=" + header(record, "ce_id"));
                    }
                }
                consumer.commitSync();
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
