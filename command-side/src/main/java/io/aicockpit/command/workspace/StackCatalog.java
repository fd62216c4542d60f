package io.aicockpit.command.workspace;

import io.aicockpit.command.config.CommandSideProperties;
import io.aicockpit.command.config.CommandSideProperties.StackTemplate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/** The stack templates workspaces are created from, as configured under {@code aicockpit.command.stacks}. */
@Component
public class StackCatalog {
    private final CommandSideProperties properties;

    StackCatalog(CommandSideProperties properties) {
        this.properties = properties;
    }

    public Optional<StackTemplate> find(String stackId) {
        return stackId == null ? Optional.empty() : Optional.ofNullable(properties.stacks().get(stackId));
    }

    public Set<String> ids() {
        return new TreeSet<>(properties.stacks().keySet());
    }
}
