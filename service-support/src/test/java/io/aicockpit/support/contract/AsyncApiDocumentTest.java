package io.aicockpit.support.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.aicockpit.coreapi.common.Actor;
import io.aicockpit.coreapi.common.ResourceLimits;
import io.aicockpit.coreapi.common.TenantId;
import io.aicockpit.coreapi.container.ContainerAction;
import io.aicockpit.coreapi.container.ContainerExited;
import io.aicockpit.coreapi.container.ContainerFound;
import io.aicockpit.coreapi.container.ContainerResult;
import io.aicockpit.coreapi.container.ContainerSpec;
import io.aicockpit.coreapi.container.RemoveOrphanContainer;
import io.aicockpit.coreapi.messaging.CloudEventTypes;
import io.aicockpit.coreapi.messaging.Topics;
import io.aicockpit.coreapi.usage.AiUsageRecorded;
import io.aicockpit.coreapi.usage.ContainerUsageRecorded;
import io.aicockpit.coreapi.workspace.WorkspaceActivity;
import io.aicockpit.coreapi.workspace.WorkspaceEvent;
import io.aicockpit.support.contract.AsyncApiDocument.Channel;
import io.aicockpit.support.contract.AsyncApiDocument.Message;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.objenesis.ObjenesisStd;

/**
 * docs/events/asyncapi.yaml lists every topic of core-api's {@link Topics} and every CloudEvents type of
 * {@link CloudEventTypes}, and nothing else; each message's payload names every field of the record sent. What the
 * services really publish is checked against it by infra/system-tests' {@code EventContractSystemIT}.
 */
class AsyncApiDocumentTest {
    /** Published by api-gateway's audit trail (audit.AuditPublisher), which names it itself. */
    static final String AUDIT_CHANNEL = "aicockpit.tenant.{tenant}.audit";
    static final String AUDIT_TYPE = "io.aicockpit.audit.recorded.v1";
    private static final TenantId TENANT = new TenantId("acme");

    private final AsyncApiDocument document = AsyncApiDocument.load();

    @Test
    void everyTopicHasItsChannelAndEveryChannelItsTopic() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().equals("PUBLIC_PREFIX")) {
                topics.add((String) field.get(null));
            }
        }
        topics.add(Topics.workspaceEvents(TENANT));
        topics.add(Topics.usage(TENANT));
        topics.add(AUDIT_CHANNEL.replace("{tenant}", TENANT.value()));

        assertThat(topics).as("topics without a channel in " + AsyncApiDocument.FILE)
                .allSatisfy(topic -> assertThat(document.channelOf(topic)).isPresent());
        assertThat(document.channels()).as("channels that name no topic of Topics")
                .allSatisfy(channel -> assertThat(topics).anySatisfy(channel::matches));
        assertThat(document.channels()).as("public channels are per tenant, under the prefix an ACL matches")
                .filteredOn(Channel::isPerTenant)
                .allSatisfy(channel -> assertThat(channel.address()).startsWith(Topics.PUBLIC_PREFIX + "{tenant}."));
    }

    @Test
    void everyChannelSaysWhatItCarries() {
        assertThat(document.channels()).allSatisfy(channel ->
                assertThat(channel.messages()).as("messages of channel %s", channel.id()).isNotEmpty());
    }

    @Test
    void everyCloudEventTypeIsListedAndNothingElse() {
        ObjenesisStd objenesis = new ObjenesisStd();
        Set<String> types = new TreeSet<>();
        for (Class<?> event : WorkspaceEvent.class.getPermittedSubclasses()) {
            // an instance without running its constructor: typeOf only looks at the class
            types.add(CloudEventTypes.typeOf((WorkspaceEvent) objenesis.newInstance(event)));
        }
        types.add(CloudEventTypes.CONTAINER_USAGE);
        types.add(AUDIT_TYPE);

        assertThat(document.cloudEventTypes()).isEqualTo(types);
        assertThat(AsyncApiDocument.cloudEventTypes(message("workspaceEvents", "workspaceEvent")))
                .hasSize(WorkspaceEvent.class.getPermittedSubclasses().length);
    }

    @Test
    void everyPayloadNamesEveryFieldOfTheRecordSent() {
        Map<Message, List<Class<?>>> sent = Map.of(
                message("workspaceEvents", "workspaceEvent"), List.of(WorkspaceEvent.class.getPermittedSubclasses()),
                message("containerActions", "containerAction"), List.of(ContainerAction.class),
                message("containerResults", "containerResult"), List.of(ContainerResult.class),
                message("containerEvents", "containerExited"), List.of(ContainerExited.class),
                message("containerEvents", "containerFound"), List.of(ContainerFound.class),
                message("nodeCommands", "removeOrphanContainer"), List.of(RemoveOrphanContainer.class),
                message("workspaceActivity", "workspaceActivity"), List.of(WorkspaceActivity.class),
                message("aiUsageInternal", "aiUsage"), List.of(AiUsageRecorded.class),
                message("containerUsageInternal", "containerUsage"), List.of(ContainerUsageRecorded.class));
        sent.forEach((message, records) -> {
            Set<String> documented = properties(message.payload());
            Set<String> fields = records.stream().flatMap(r -> Arrays.stream(r.getRecordComponents()))
                    .map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new));
            assertThat(documented).as("payload of %s against %s", message.name(), records).isEqualTo(fields);
        });
    }

    @Test
    void nestedSchemasNameEveryFieldOfTheirRecords() {
        Map<String, Object> spec = ApiDocument.cast(ApiDocument.cast(
                message("containerActions", "containerAction").payload().get("properties")).get("spec"));
        assertThat(properties(spec)).isEqualTo(fields(ContainerSpec.class));
        Map<String, Object> schemas = ApiDocument.cast(ApiDocument.cast(document.root().get("components")).get("schemas"));
        assertThat(properties(ApiDocument.cast(schemas.get("limits")))).isEqualTo(fields(ResourceLimits.class));
        assertThat(properties(ApiDocument.cast(schemas.get("actor")))).isEqualTo(fields(Actor.class));
    }

    private static Set<String> fields(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Message message(String channel, String name) {
        Channel found = document.channels().stream().filter(c -> c.id().equals(channel)).findFirst().orElseThrow();
        return found.messages().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("channel " + channel + " has no message " + name));
    }

    private static Set<String> properties(Map<String, Object> schema) {
        return new TreeSet<>(ApiDocument.cast(schema.getOrDefault("properties", Map.of())).keySet());
    }
}
