package io.aicockpit.coreapi.common;

import java.util.Objects;

/** The verified identity behind a command, as the edge saw it: the token subject and a display name. */
public record Actor(String subject, String name, ActorType type) {
    public static final Actor SYSTEM = new Actor("aicockpit", "AiCockpit", ActorType.SYSTEM);

    public Actor {
        Objects.requireNonNull(subject, "actor subject");
        Objects.requireNonNull(type, "actor type");
        if (name == null || name.isBlank()) {
            name = subject;
        }
    }
}
