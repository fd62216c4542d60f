package io.aicockpit.command.config;

import io.aicockpit.coreapi.messaging.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * command-side settings. {@code stacks} is the platform's stack catalogue: a workspace pins its stack's image
 * when it is created; command, user and env are read when it starts. The internal topic names default to
 * {@link Topics}; only tests change them, to stay apart from a running platform on the same broker.
 */
@Validated
@ConfigurationProperties("aicockpit.command")
public record CommandSideProperties(@DefaultValue("3") @Positive int publicTopicPartitions,
                                    @DefaultValue(Topics.CONTAINER_ACTIONS) @NotBlank String actionsTopic,
                                    @DefaultValue(Topics.CONTAINER_RESULTS) @NotBlank String resultsTopic,
                                    @Valid Map<String, StackTemplate> stacks) {
    public CommandSideProperties {
        stacks = stacks == null ? Map.of() : Map.copyOf(stacks);
    }

    public record StackTemplate(@NotBlank String image, String description, List<Integer> ports,
                                List<String> command, String user, Map<String, String> env) {
        public StackTemplate {
            ports = ports == null ? List.of() : List.copyOf(ports);
            command = command == null ? List.of() : List.copyOf(command);
            env = env == null ? Map.of() : Map.copyOf(env);
        }
    }
}
